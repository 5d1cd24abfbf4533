#include "disk_images.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <stdexcept>

#include "run_cli.hpp"

namespace bde::test {
namespace fs = std::filesystem;
namespace {

void run_or_throw(const std::vector<std::string>& argv, const std::string& stdin_text = {}) {
    CliResult r = run_program(argv, stdin_text);
    if (r.exit_code != 0)
        throw std::runtime_error(fmt::format("{} failed ({}): {}{}", argv[0], r.exit_code, r.out, r.err));
}

std::string sfdisk_script(const DiskImageSpec& spec) {
    std::string script = fmt::format("label: {}\nsector-size: {}\n\n", spec.label, spec.sector_size);
    for (const auto& p : spec.partitions) {
        script += fmt::format("start={}, size={}, type={}", p.start, p.sectors, p.type);
        if (!p.name.empty()) script += fmt::format(", name=\"{}\"", p.name);
        script += "\n";
    }
    return script;
}

}  // namespace

TempDir::TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string templ = std::string(base && *base ? base : "/tmp") + "/bderescue-test-XXXXXX";
    if (!mkdtemp(templ.data())) throw std::runtime_error("cannot create a temporary directory");
    path_ = templ;
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

void make_disk_image(const std::string& path, const DiskImageSpec& spec) {
    { std::ofstream create(path, std::ios::binary | std::ios::trunc); }
    fs::resize_file(path, spec.size);
    std::string script = sfdisk_script(spec);
    if (spec.sector_size == 512) {
        run_or_throw({"sfdisk", "--quiet", "--no-reread", "--no-tell-kernel", path}, script);
    } else {
        // sfdisk takes the sector size from the device (512 for a file); fdisk can be told, and its
        // `I` command loads the same script.
        std::string script_file = path + ".sfdisk";
        std::ofstream(script_file) << script;
        run_or_throw({"fdisk", "-b", std::to_string(spec.sector_size), path}, fmt::format("I\n{}\nw\n", script_file));
        fs::remove(script_file);
    }
    // fdisk reports some script problems only as messages: check the table really is where it belongs.
    std::ifstream in(path, std::ios::binary);
    std::string sector(spec.sector_size * 2, '\0');
    in.read(sector.data(), static_cast<std::streamsize>(sector.size()));
    bool ok = spec.label == "gpt" ? sector.compare(spec.sector_size, 8, "EFI PART") == 0
                                  : sector.compare(510, 2, "\x55\xaa") == 0;
    if (!ok) throw std::runtime_error("the partition table was not written to " + path);
}

void place_file(const std::string& source, const std::string& image, std::uint64_t offset) {
    if (offset % 4096 != 0) throw std::invalid_argument("place_file: offset must be a multiple of 4096");
    run_or_throw({"dd", "if=" + source, "of=" + image, "bs=4096", fmt::format("seek={}", offset / 4096),
                  "conv=notrunc,sparse", "status=none"});
}

void make_fat_image(const std::string& path, std::uint64_t bytes, const std::string& label) {
    fs::remove(path);
    run_or_throw({"mkfs.fat", "-C", "-n", label, path, std::to_string(bytes / 1024)});
}

}  // namespace bde::test
