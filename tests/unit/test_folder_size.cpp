// Folder sizes for the file browser: every file below counted, links not followed, and a budget that
// stops early with a lower bound instead of walking a huge folder.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "copy/folder_size.hpp"
#include "disk_images.hpp"

using namespace bde;
namespace fs = std::filesystem;

namespace {

void write_file(const fs::path& p, std::size_t bytes) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << std::string(bytes, 'x');
}

}  // namespace

TEST_CASE("a folder's size is the bytes of every file below it, links not followed", "[unit][copy]") {
    bde::test::TempDir t;
    fs::path root = fs::path(t.path()) / "Users";
    write_file(root / "anna/Documents/a.txt", 1000);
    write_file(root / "anna/Documents/deep/er/b.bin", 4096);
    write_file(root / "anna/empty.txt", 0);
    fs::create_directories(root / "anna/Empty folder");
    write_file(fs::path(t.path()) / "outside/big.bin", 1 << 20);
    fs::create_directory_symlink(fs::path(t.path()) / "outside", root / "anna/Application Data");  // like a junction
    fs::create_symlink(fs::path(t.path()) / "outside/big.bin", root / "anna/link.bin");

    WalkBudget budget;
    FolderSize s = folder_size(root.string(), budget);
    CHECK(s.complete);
    CHECK(s.bytes == 5096);

    WalkBudget empty_budget;
    FolderSize e = folder_size((root / "anna/Empty folder").string(), empty_budget);
    CHECK(e.complete);
    CHECK(e.bytes == 0);
}

TEST_CASE("a folder too big for the budget gives a lower bound, marked incomplete", "[unit][copy]") {
    bde::test::TempDir t;
    for (int i = 0; i < 50; ++i) write_file(fs::path(t.path()) / "many" / ("f" + std::to_string(i)), 100);
    WalkBudget budget{.entries = 10};
    FolderSize s = folder_size((fs::path(t.path()) / "many").string(), budget);
    CHECK_FALSE(s.complete);
    CHECK(s.bytes == 1000);
    CHECK(budget.exhausted());
    // The budget is shared: the next folder of the same listing is not walked at all.
    FolderSize next = folder_size((fs::path(t.path()) / "many").string(), budget);
    CHECK_FALSE(next.complete);
    CHECK(next.bytes == 0);
    WalkBudget late{.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1)};
    CHECK_FALSE(folder_size((fs::path(t.path()) / "many").string(), late).complete);
}
