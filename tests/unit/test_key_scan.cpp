#include <catch2/catch.hpp>

#include <fcntl.h>
#include <grp.h>
#include <sys/mount.h>
#include <sys/wait.h>

#include <fmt/format.h>

#include "keys/key_scanner.hpp"
#include "util/unique_fd.hpp"
#include "test_keyfile_samples.hpp"

using namespace bde;
using namespace keytest;

namespace {

constexpr std::uint8_t kBekKey[32] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                                      17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
const char* kBekId = "4381F759-C4F8-4DE0-BB61-FC33A831BDA5";

const FoundKey* find(const KeyScanResult& r, const TestCredential& c) { return find_key(r.keys, c); }

bool has_note(const KeyScanResult& r, std::string_view path_part, std::string_view text) {
    for (const auto& n : r.notes)
        if (n.source.find(path_part) != std::string::npos && n.message.find(text) != std::string::npos) return true;
    return false;
}

std::string notes_of(const KeyScanResult& r) {
    std::string s;
    for (const auto& n : r.notes) s += n.source + ":" + std::to_string(n.line) + ": " + n.message + "\n";
    return s;
}

// A technician's stick: Windows' .TXT, a .BEK, an AD export, a Graph export, a note without extension,
// a copy of the .TXT in a backup folder, and things that are not key files.
void make_stick(const TempDir& d) {
    d.write(std::string("BitLocker Recovery Key ") + xts128.id + ".TXT", utf16le_bom(crlf(windows10_txt(xts128))));
    d.write(std::string("backup/BitLocker Recovery Key ") + xts128.id + ".TXT", utf16le_bom(crlf(windows10_txt(xts128))));
    d.write(std::string(kBekId) + ".BEK", bek_file(id_of(kBekId), kBekKey));
    d.write("lists/ad.csv", fmt::format("\"DistinguishedName\",\"msFVE-RecoveryPassword\"\n"
                                        "\"CN=2024-03-21T10:02:11-08:00{{{}}},CN=LAPTOP-042,DC=corp,DC=local\",\"{}\"\n",
                                        cbc128.id, cbc128.rp));
    d.write("lists/deeper/entra.json", fmt::format(R"({{"value":[{{"id":"{}","key":"{}","deviceId":"x","volumeType":1}}]}})",
                                                   two_rp2.id, two_rp2.rp));
    d.write("README", fmt::format("Key for the reception PC\n{}\n{}\n", togo.id, togo.rp));
    std::string jpeg = "\xFF\xD8\xFF\xE0";
    jpeg += std::string(3000, '\x7F');
    d.write("photo.jpg", jpeg + two_rp1.rp);  // binary extension: never opened
    std::string blob(2000, '\0');
    d.write("data.bin", blob + two_rp1.rp);   // binary content: sniffed and skipped
}

}  // namespace

TEST_CASE("scanning a stick finds every kind of key file, once each", "[keyscan]") {
    TempDir d;
    make_stick(d);
    std::vector<std::string> seen;
    KeyScanCallbacks cb;
    cb.on_file = [&](const std::string& p) {
        seen.push_back(p);
        return true;
    };
    auto r = scan_for_keys({d.path()}, {}, cb);
    INFO(notes_of(r));
    REQUIRE(r.keys.size() == 5);
    CHECK(r.notes.empty());
    CHECK_FALSE(r.stopped);

    const FoundKey* txt = find(r, xts128);
    REQUIRE(txt);
    CHECK(txt->key_id->str() == xts128.id);
    REQUIRE(txt->sources.size() == 2);  // the backup copy is the same key
    CHECK(txt->sources[0].path == d / (std::string("BitLocker Recovery Key ") + xts128.id + ".TXT"));
    CHECK(txt->sources[1].path == d / (std::string("backup/BitLocker Recovery Key ") + xts128.id + ".TXT"));
    CHECK(find(r, cbc128)->computer() == "LAPTOP-042");
    CHECK(find(r, two_rp2)->source().format == "graph-json");
    CHECK(find(r, togo)->key_id->str() == togo.id);
    CHECK(find(r, two_rp1) == nullptr);

    auto startup = r.keys_for({id_of(kBekId)});
    REQUIRE(startup.size() == 1);
    CHECK(startup[0]->kind == FoundKeyKind::startup_key);
    CHECK(startup[0]->secret == SecureBuffer(kBekKey, 32));

    CHECK(std::find(seen.begin(), seen.end(), d / "photo.jpg") == seen.end());
    CHECK(r.files_read == 6);
}

TEST_CASE("files given directly are read whatever their name, missing paths are reported", "[keyscan]") {
    TempDir d;
    std::string file = d.write("keys.dat", fmt::format("{}\n{}\n", xts128.id, xts128.rp));
    std::string nothing = d.write("empty.txt", "hello\n");
    auto r = scan_for_keys({file, nothing, d / "nope", file});
    REQUIRE(r.keys.size() == 1);
    CHECK(r.keys[0].sources.size() == 1);  // the same file named twice is read once
    REQUIRE(r.missing.size() == 1);
    CHECK(r.missing[0] == d / "nope");
    CHECK(has_note(r, "nope", "does not exist"));
    CHECK(has_note(r, "empty.txt", "no BitLocker key"));
}

TEST_CASE("hostile files give notes and never stop the scan", "[keyscan]") {
    TempDir d;
    std::string bek = bek_file(id_of(kBekId), kBekKey);
    d.write("AA80A52B-9B66-47AE-B097-33F536FFBB07.BEK", bek.substr(0, 77));  // truncated
    std::string garbage;
    for (int i = 0; i < 5000; ++i) garbage.push_back(static_cast<char>((i * 131) % 251));
    d.write("BitLocker Recovery Key 1234ABCD.TXT", garbage);
    d.write("keys.json", "{\"value\":[{\"id\":");
    // Wrong encoding claim: a UTF-16 BOM in front of UTF-8 text.
    d.write("BitLocker Recovery Key 5678ABCD.TXT", "\xFF\xFE" + windows10_txt(cbc128));
    // A 2 GiB sparse file: skipped by size, never read.
    for (const char* name : {"BitLocker Recovery Key huge.TXT", "disk.raw"}) {
        std::string p = d / name;
        UniqueFd fd(::open(p.c_str(), O_WRONLY | O_CREAT, 0644));
        REQUIRE(fd);
        REQUIRE(::ftruncate(fd.get(), 2LL << 30) == 0);
    }
    // A FIFO named like a key file: opening it could block forever.
    REQUIRE(::mkfifo((d / "keys.txt").c_str(), 0644) == 0);
    // A folder that links back to itself.
    d.mkdir("loop");
    REQUIRE(::symlink("..", (d / "loop/again").c_str()) == 0);
    d.write("loop/inner.txt", fmt::format("{}\n{}\n", xts128.id, xts128.rp));

    auto r = scan_for_keys({d.path()});
    INFO(notes_of(r));
    REQUIRE(r.keys.size() == 1);
    CHECK(r.keys[0].key_id->str() == xts128.id);
    CHECK(r.keys[0].sources.size() == 1);
    CHECK(has_note(r, "AA80A52B", "damaged"));
    CHECK(has_note(r, "1234ABCD", "no BitLocker key"));
    CHECK(has_note(r, "keys.json", "not valid JSON"));
    CHECK(has_note(r, "5678ABCD", "no BitLocker key"));
    CHECK(has_note(r, "huge.TXT", "too large"));
    CHECK(has_note(r, d.path(), "1 file larger than"));  // disk.raw, counted, not read
    CHECK(has_note(r, "keys.txt", "not a regular file"));
    CHECK(has_note(r, d.path(), "1 symbolic link"));
}

TEST_CASE("a file the scan may not read is a note (checked as an unprivileged user)", "[keyscan]") {
    TempDir d;
    ::chmod(d.path().c_str(), 0755);
    std::string secret = d.write("BitLocker Recovery Key 64311DEA.TXT", utf16le_bom(crlf(windows10_txt(xts128))));
    d.write("readable.txt", fmt::format("{}\n{}\n", cbc128.id, cbc128.rp));
    REQUIRE(::chmod(secret.c_str(), 0) == 0);
    d.mkdir("closed");
    d.write("closed/inside.txt", fmt::format("{}\n{}\n", togo.id, togo.rp));
    REQUIRE(::chmod((d / "closed").c_str(), 0) == 0);

    // Root reads everything, so the scan runs in a child that has dropped to "nobody".
    int pipefd[2];
    REQUIRE(::pipe(pipefd) == 0);
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::close(pipefd[0]);
        if (::geteuid() == 0 && (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(3);
        auto r = scan_for_keys({d.path()});
        std::string summary = fmt::format("{} {} {} {}", r.keys.size(), has_note(r, "64311DEA", "permission denied"),
                                          has_note(r, "closed", "permission denied"),
                                          r.keys.size() == 1 && r.keys[0].secret == key_of(cbc128.rp));
        (void)!::write(pipefd[1], summary.data(), summary.size());
        ::_exit(0);
    }
    ::close(pipefd[1]);
    char buf[64] = {};
    ssize_t n = ::read(pipefd[0], buf, sizeof buf - 1);
    ::close(pipefd[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    CHECK(std::string(buf, n > 0 ? static_cast<std::size_t>(n) : 0) == "1 true true true");
}

TEST_CASE("depth, entry and size limits bound the scan", "[keyscan]") {
    TempDir d;
    std::string deep = "a/b/c/d/e";
    d.write(deep + "/keys.txt", fmt::format("{}\n{}\n", xts128.id, xts128.rp));
    d.write("a/top.txt", fmt::format("{}\n{}\n", cbc128.id, cbc128.rp));
    KeyScanOptions shallow;
    shallow.max_depth = 2;
    auto r = scan_for_keys({d.path()}, shallow);
    REQUIRE(r.keys.size() == 1);
    CHECK(r.keys[0].key_id->str() == cbc128.id);
    CHECK(has_note(r, d.path(), "deeper than 2 levels"));

    KeyScanOptions small;
    small.max_file_size = 64;
    auto s = scan_for_keys({d.path()}, small);
    CHECK(s.keys.empty());
    CHECK(has_note(s, "top.txt", "too large"));

    KeyScanOptions few;
    few.max_entries = 3;
    auto f = scan_for_keys({d.path()}, few);
    CHECK(f.stopped);
    CHECK(has_note(f, "", "stopped after 3"));
}

TEST_CASE("the file callback can stop the scan, notes arrive through their callback", "[keyscan]") {
    TempDir d;
    d.write("1.txt", fmt::format("{}\n{}\n", xts128.id, xts128.rp));
    d.write("2.txt", fmt::format("{}\n{}\n", cbc128.id, cbc128.rp));
    d.write("BitLocker Recovery Key 3.txt", "nothing here");
    int files = 0;
    std::vector<std::string> notes;
    KeyScanCallbacks cb;
    cb.on_file = [&](const std::string&) { return ++files < 2; };
    cb.on_note = [&](const KeyNote& n) { notes.push_back(n.message); };
    auto r = scan_for_keys({d.path()}, {}, cb);
    CHECK(r.stopped);
    CHECK(r.keys.size() == 1);
    CHECK(files == 2);

    KeyScanCallbacks all;
    all.on_note = [&](const KeyNote& n) { notes.push_back(n.message); };
    auto full = scan_for_keys({d.path()}, {}, all);
    CHECK(full.keys.size() == 2);
    REQUIRE(notes.size() == full.notes.size());
    CHECK(notes[0].find("no BitLocker key") != std::string::npos);
}

TEST_CASE("the scan writes nothing and leaves access times alone", "[keyscan]") {
    TempDir d;
    std::string p = d.write(std::string("BitLocker Recovery Key ") + xts128.id + ".TXT", utf16le_bom(windows10_txt(xts128)));
    struct timespec old_times[2] = {{1000000000, 0}, {1000000000, 0}};
    REQUIRE(::utimensat(AT_FDCWD, p.c_str(), old_times, 0) == 0);
    struct stat before {};
    REQUIRE(::stat(p.c_str(), &before) == 0);
    auto r = scan_for_keys({d.path()});
    REQUIRE(r.keys.size() == 1);
    struct stat after {};
    REQUIRE(::stat(p.c_str(), &after) == 0);
    CHECK(after.st_mtim.tv_sec == before.st_mtim.tv_sec);
    CHECK(after.st_atim.tv_sec == before.st_atim.tv_sec);
    CHECK(after.st_size == before.st_size);
}

TEST_CASE("the scan stays on the starting file system", "[keyscan]") {
    TempDir d;
    d.write("here.txt", fmt::format("{}\n{}\n", xts128.id, xts128.rp));
    std::string mnt = d.mkdir("mounted");
    // A tmpfs over a subfolder stands for a mounted drive below the folder being searched.
    if (::mount("bderescue-test", mnt.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, "size=1m") != 0) {
        WARN("cannot mount a tmpfs here (needs CAP_SYS_ADMIN): the file-system boundary is not checked");
        return;
    }
    struct Unmount {
        std::string path;
        ~Unmount() { ::umount2(path.c_str(), MNT_DETACH); }
    } unmount{mnt};
    d.write("mounted/there.txt", fmt::format("{}\n{}\n", cbc128.id, cbc128.rp));

    auto r = scan_for_keys({d.path()});
    INFO(notes_of(r));
    REQUIRE(r.keys.size() == 1);
    CHECK(r.keys[0].key_id->str() == xts128.id);
    CHECK(has_note(r, d.path(), "1 folder on other file systems"));
    // Named directly, the mounted folder is searched.
    auto direct = scan_for_keys({mnt});
    REQUIRE(direct.keys.size() == 1);
    CHECK(direct.keys[0].key_id->str() == cbc128.id);
}
