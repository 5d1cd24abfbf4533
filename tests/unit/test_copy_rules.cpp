// The copy rules that need no mount: default selection, cache list, destination-safe names, planning.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "copy/dest_fs.hpp"
#include "copy/manifest.hpp"
#include "copy/plan.hpp"
#include "copy/selection.hpp"
#include "mount/driver_quirks.hpp"

using namespace bde;
namespace fs = std::filesystem;

namespace {
struct Tree {
    fs::path root = fs::temp_directory_path() / ("bderescue-test-copy-rules-" + std::to_string(::getpid()));
    Tree() {
        fs::remove_all(root);
        fs::create_directories(root);
    }
    ~Tree() { fs::remove_all(root); }
    void file(const std::string& rel, const std::string& text = "x") {
        fs::create_directories((root / rel).parent_path());
        std::ofstream(root / rel) << text;
    }
};
}  // namespace

TEST_CASE("caches under a profile are recognised, case-insensitively, and nothing else", "[copy]") {
    CHECK(is_cache_path("Users/Alice/AppData/Local/Temp"));
    CHECK(is_cache_path("users/alice/appdata/local/TEMP"));
    CHECK(is_cache_path("Users/Alice/AppData/Local/Microsoft/Windows/INetCache"));
    CHECK(is_cache_path("Users/Bob/AppData/Local/Google/Chrome/User Data/Profile 1/Cache"));
    CHECK(is_cache_path("Users/Bob/AppData/Local/Packages/Microsoft.Windows.Photos_8wekyb3d8bbwe/AC"));
    CHECK(is_cache_path("Users/Bob/AppData/Local/Mozilla/Firefox/Profiles/abcd.default/cache2"));
    CHECK_FALSE(is_cache_path("Users/Alice/AppData/Local"));
    CHECK_FALSE(is_cache_path("Users/Alice/AppData/Local/Temp/keep/me"));  // inside is never reached anyway
    CHECK_FALSE(is_cache_path("Users/Alice/Documents/Temp"));
    CHECK_FALSE(is_cache_path("Windows/Temp"));
    CHECK_FALSE(is_cache_path("Users/Bob/AppData/Local/Google/Chrome/User Data/Default/Bookmarks"));
}

TEST_CASE("the default selection is every real profile", "[copy]") {
    Tree t;
    t.file("Users/Alice/a.txt");
    t.file("Users/Bob/b.txt");
    t.file("Users/Default/NTUSER.DAT");
    t.file("Users/Public/Documents/p.txt");
    t.file("Windows/win.ini");
    fs::create_directory_symlink("Default", t.root / "Users/Default User");
    CHECK(default_selection(t.root.string()) == std::vector<std::string>{"Users/Alice", "Users/Bob", "Users/Public"});
    fs::remove_all(t.root / "Users");
    CHECK(default_selection(t.root.string()).empty());
}

TEST_CASE("names a Windows file system cannot store are changed predictably", "[copy]") {
    auto fat = limits_for(DestFsKind::fat, "vfat");
    auto ext = limits_for(DestFsKind::posix, "ext4");
    CHECK(dest_safe_name("report: final?.txt", fat) == "report_ final_.txt");
    CHECK(dest_safe_name("a<b>c|d\"e*f", fat) == "a_b_c_d_e_f");
    CHECK(dest_safe_name("trailing dot.", fat) == "trailing dot");
    CHECK(dest_safe_name("trailing space ", fat) == "trailing space");
    CHECK(dest_safe_name("CON", fat) == "CON_");
    CHECK(dest_safe_name("nul.txt", fat) == "nul_.txt");
    CHECK(dest_safe_name("CONSOLE.txt", fat) == "CONSOLE.txt");
    CHECK(dest_safe_name("report: final?.txt", ext) == "report: final?.txt");
    CHECK(dest_safe_name("Ünïcödé 日本語.txt", fat) == "Ünïcödé 日本語.txt");
    // 200 Japanese characters are 600 UTF-8 bytes but 200 UTF-16 units: fine on FAT, too long on ext4.
    std::string jp;
    for (int i = 0; i < 200; ++i) jp += "日";
    CHECK(dest_safe_name(jp + ".txt", fat) == jp + ".txt");
    auto shortened = dest_safe_name(jp + ".txt", ext);
    CHECK(shortened.size() <= 255);
    CHECK(shortened.ends_with(".txt"));
    CHECK((shortened.size() - 4) % 3 == 0);  // whole characters only: 3 bytes each plus ".txt"
}

TEST_CASE("the plan counts files, skips caches and links, refuses over-4-GiB files on FAT and renames", "[copy]") {
    Tree t;
    t.file("Users/Alice/Documents/a.txt", "hello");
    t.file("Users/Alice/Documents/what?.txt", "q");
    t.file("Users/Alice/Documents/What_.txt", "clash");
    t.file("Users/Alice/AppData/Local/Temp/junk.tmp", "junk");
    fs::create_directory_symlink("..", t.root / "Users/Alice/AppData/Application Data");
    fs::create_directories(t.root / "Users/Alice/Videos");
    std::ofstream(t.root / "Users/Alice/Videos/big.mkv").close();
    fs::resize_file(t.root / "Users/Alice/Videos/big.mkv", (5ull << 30));  // sparse, 5 GiB
    PlanOptions opt;
    auto fat = limits_for(DestFsKind::fat, "vfat");
    auto plan = plan_copy(t.root.string(), {"Users/Alice"}, fat, opt);
    std::vector<std::string> files;
    for (const auto& f : plan.files) files.push_back(f.path + " -> " + f.dest);
    CHECK(files == std::vector<std::string>{"Users/Alice/Documents/What_.txt -> Users/Alice/Documents/What_.txt",
                                            "Users/Alice/Documents/a.txt -> Users/Alice/Documents/a.txt",
                                            "Users/Alice/Documents/what?.txt -> Users/Alice/Documents/what_ (2).txt"});
    CHECK(plan.total_bytes == 5 + 1 + 5);
    CHECK(plan.count(PlanIssue::Kind::too_big) == 1);
    CHECK(plan.count(PlanIssue::Kind::cache_skipped) == 1);
    CHECK(plan.count(PlanIssue::Kind::link_skipped) == 1);
    CHECK(plan.count(PlanIssue::Kind::renamed) == 1);

    auto ext = limits_for(DestFsKind::posix, "ext4");
    auto plan2 = plan_copy(t.root.string(), {"Users/Alice"}, ext, opt);
    CHECK(plan2.files.size() == 4);  // the big file fits on ext4, no renames
    CHECK(plan2.count(PlanIssue::Kind::renamed) == 0);
    PlanOptions everything;
    everything.skip_caches = false;
    CHECK(plan_copy(t.root.string(), {"Users/Alice"}, ext, everything).files.size() == 5);
}

TEST_CASE("the manifest survives a save and load", "[copy]") {
    Tree t;
    Manifest m;
    m.source = "/dev/sdz3";
    m.entries["Users/A/ü.txt"] = {"Users/A/ü.txt", "Users/A/ü.txt", 5, 1700000000123456789, "ab", FileStatus::verified, ""};
    m.entries["Users/A/x?.txt"] = {"Users/A/x?.txt", "Users/A/x_.txt", 0, -5, "", FileStatus::failed, "unreadable"};
    REQUIRE(m.save(t.root.string()));
    auto back = Manifest::load(t.root.string());
    REQUIRE(back);
    CHECK(back->source == "/dev/sdz3");
    REQUIRE(back->entries.size() == 2);
    const auto& e = back->entries.at("Users/A/x?.txt");
    CHECK(e.dest == "Users/A/x_.txt");
    CHECK(e.status == FileStatus::failed);
    CHECK(e.mtime_ns == -5);
    CHECK(back->entries.at("Users/A/ü.txt").mtime_ns == 1700000000123456789);
    t.file("bad/" + std::string(kManifestName), "{not json\n");
    CHECK(Manifest::load((t.root / "bad").string()).error().code == Errc::corrupt);
}

TEST_CASE("fusefat's one-month-late dates are stepped back", "[copy]") {
    setenv("TZ", "UTC", 1);
    tzset();
    auto at = [](int y, int mo, int d) {
        std::tm tm{};
        tm.tm_year = y - 1900;
        tm.tm_mon = mo - 1;
        tm.tm_mday = d;
        tm.tm_hour = 10;
        return static_cast<std::int64_t>(timegm(&tm)) * 1000000000 + 42;
    };
    CHECK(fusefat_true_mtime_ns(at(2024, 2, 15)) == at(2024, 1, 15));
    CHECK(fusefat_true_mtime_ns(at(2025, 1, 20)) == at(2024, 12, 20));  // December shows as next January
    CHECK(fusefat_true_mtime_ns(at(2023, 7, 30)) == at(2023, 6, 30));
}
