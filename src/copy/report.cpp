// bderescue-report.txt: what a person needs to know about a copy, in plain words.
#include <chrono>
#include <ctime>
#include <fmt/format.h>

#include "copy/copy_engine.hpp"

namespace bde {

namespace {
std::string size_text(std::uint64_t b) {
    if (b < 1024) return fmt::format("{} bytes", b);
    static const char* u[] = {"KiB", "MiB", "GiB", "TiB"};
    double v = static_cast<double>(b) / 1024;
    int i = 0;
    while (v >= 1024 && i < 3) {
        v /= 1024;
        ++i;
    }
    return fmt::format("{:.1f} {}", v, u[i]);
}
}  // namespace

std::string format_copy_report(const CopyResult& r, const CopyOptions& opt, const std::string& dest_dir) {
    std::time_t now = std::time(nullptr);
    char stamp[64] = "";
    std::tm tm{};
    if (localtime_r(&now, &tm)) std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M", &tm);
    const auto& p = r.plan;
    std::string s = fmt::format("BDE Rescue copy report ({})\n", stamp);
    s += fmt::format("From: {}\nTo:   {} ({} file system)\n\n", opt.source_label.empty() ? "(volume)" : opt.source_label,
                     dest_dir, p.dest.fs_name);
    bool done = r.files_copied + r.files_already_done + r.failed.size() >= p.files.size();
    s += fmt::format("{} files ({}) selected.\n", p.files.size(), size_text(p.total_bytes));
    s += fmt::format("Copied now: {} files ({}).", r.files_copied, size_text(r.bytes_copied));
    if (r.files_already_done) s += fmt::format(" Already copied by an earlier run: {} files.", r.files_already_done);
    s += "\n";
    if (opt.verify)
        s += fmt::format("Verified (SHA-256 of original and copy match): {} files; mismatches: {}.\n", r.verified,
                         r.verify_mismatches.size());
    if (!done) s += "\nTHE COPY DID NOT FINISH. Run the same command again to continue where it stopped.\n";
    else if (r.complete()) s += "\nEverything selected was copied.\n";

    auto section = [&](const std::string& title, auto&& body) {
        s += "\n" + title + "\n" + std::string(title.size(), '-') + "\n";
        body();
    };
    if (!r.failed.empty())
        section(fmt::format("Not copied ({})", r.failed.size()), [&] {
            for (const auto& [path, why] : r.failed) s += fmt::format("  {}  -- {}\n", path, why);
        });
    if (!r.verify_mismatches.empty())
        section("Copies that do not match the original", [&] {
            for (const auto& path : r.verify_mismatches) s += fmt::format("  {}\n", path);
        });
    if (p.count(PlanIssue::Kind::renamed))
        section("Renamed (the destination does not allow the original name)", [&] {
            for (const auto& i : p.issues)
                if (i.kind == PlanIssue::Kind::renamed) s += fmt::format("  {}  ->  {}\n", i.path, i.detail);
        });
    if (p.count(PlanIssue::Kind::unreadable) || p.count(PlanIssue::Kind::not_found))
        section("Folders that could not be listed", [&] {
            for (const auto& i : p.issues)
                if (i.kind == PlanIssue::Kind::unreadable || i.kind == PlanIssue::Kind::not_found)
                    s += fmt::format("  {}  -- {}\n", i.path, i.detail);
        });
    if (p.count(PlanIssue::Kind::cache_skipped))
        section("Skipped on purpose: caches and temporary files", [&] {
            for (const auto& i : p.issues)
                if (i.kind == PlanIssue::Kind::cache_skipped) s += fmt::format("  {}\n", i.path);
        });
    if (p.count(PlanIssue::Kind::link_skipped))
        section("Links and junctions (not followed; their targets are copied where selected)", [&] {
            for (const auto& i : p.issues)
                if (i.kind == PlanIssue::Kind::link_skipped) s += fmt::format("  {}\n", i.path);
        });
    s += fmt::format("\nThe list of every copied file with its SHA-256 is in {}.\n", kManifestName);
    return s;
}

}  // namespace bde
