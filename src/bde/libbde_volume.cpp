#include "bde/libbde_volume.hpp"

#include <libbde.h>

#include <fmt/format.h>

#include <mutex>

#include "keys/recovery_password.hpp"

// libbde_volume_unlock appeared in January 2022; before it, credentials must be set before open.
#if defined(LIBBDE_VERSION) && LIBBDE_VERSION >= 20220122
#define BDE_LIBBDE_HAS_UNLOCK 1
#endif

// LeakSanitizer (the test suite's sanitizer stage) reads this: libbde 20190102 leaks its parsed metadata
// when libbde_volume_open fails (seen with a second recovery protector). The leak is inside libbde, on a
// failure path, and our handles are freed; without this every such test would abort.
extern "C" const char* __lsan_default_suppressions() { return "leak:libbde.so\n"; }

namespace bde {
namespace {

// One owner per libbde/libbfio error object; message() renders and the destructor frees it.
struct LibbdeError {
    libbde_error_t* e = nullptr;
    ~LibbdeError() {
        if (e) libbde_error_free(&e);
    }
    // The innermost cause ("invalid tweak key value too small"), which says more than the outer "unable
    // to open volume".
    std::string message() const {
        if (!e) return "no detail";
        char buf[4096] = {};
        if (libbde_error_backtrace_sprint(e, buf, sizeof buf) <= 0) libbde_error_sprint(e, buf, sizeof buf);
        std::string all = buf;
        while (!all.empty() && (all.back() == '\n' || all.back() == '.')) all.pop_back();
        auto nl = all.find('\n');
        return nl == std::string::npos ? all : all.substr(0, nl);
    }
};
#if defined(LIBBDE_HAVE_BFIO)
// Debian 12's libbde exposes libbfio, through which it can read a byte window of a file.
struct BfioError {
    libbfio_error_t* e = nullptr;
    ~BfioError() {
        if (e) libbfio_error_free(&e);
    }
};
#endif

}  // namespace

struct LibbdeVolume::Handles {
    libbde_volume_t* volume = nullptr;
#if defined(LIBBDE_HAVE_BFIO)
    libbfio_handle_t* range = nullptr;  // a byte window of the file, for partitions inside images
#endif
    bool open = false;
    mutable std::mutex lock;  // libbde keeps a current offset and a cache per volume
    ~Handles() {
        if (open) libbde_volume_close(volume, nullptr);
        if (volume) libbde_volume_free(&volume, nullptr);
#if defined(LIBBDE_HAVE_BFIO)
        if (range) libbfio_handle_free(&range, nullptr);
#endif
    }
};

namespace {

using Setup = Result<void> (*)(libbde_volume_t*, const void*);

std::unexpected<Error> libbde_failed(const std::string& what, const LibbdeError& err) {
    return fail(Errc::unsupported, fmt::format("libbde cannot {}.", what), err.message());
}

Result<std::unique_ptr<LibbdeVolume::Handles>> make_volume() {
    auto h = std::make_unique<LibbdeVolume::Handles>();
    LibbdeError err;
    if (libbde_volume_initialize(&h->volume, &err.e) != 1) return libbde_failed("start", err);
    return h;
}

// Opens (read-only) and, on libbde versions that need it, unlocks with the credentials set before.
Result<std::uint64_t> open_and_unlock(LibbdeVolume::Handles& h, const VolumeLocation& where) {
    LibbdeError err;
    int r;
    if (where.offset || where.length) {
#if !defined(LIBBDE_HAVE_BFIO)
        return fail(Errc::unsupported, "This libbde cannot open a partition inside an image file.");
#else
        BfioError berr;
        if (libbfio_file_range_initialize(&h.range, &berr.e) != 1 ||
            libbfio_file_range_set_name(h.range, where.path.c_str(), where.path.size(), &berr.e) != 1 ||
            libbfio_file_range_set(h.range, static_cast<off64_t>(where.offset), where.length, &berr.e) != 1)
            return fail(Errc::unsupported, "libbde cannot open a partition inside this image.");
        r = libbde_volume_open_file_io_handle(h.volume, h.range, LIBBDE_OPEN_READ, &err.e);
#endif
    } else {
        r = libbde_volume_open(h.volume, where.path.c_str(), LIBBDE_OPEN_READ, &err.e);
    }
    if (r != 1) return libbde_failed("open this volume", err);
    h.open = true;
    int locked = libbde_volume_is_locked(h.volume, &err.e);
#ifdef BDE_LIBBDE_HAS_UNLOCK
    if (locked == 1) {
        if (libbde_volume_unlock(h.volume, &err.e) == -1) return libbde_failed("unlock this volume", err);
        locked = libbde_volume_is_locked(h.volume, &err.e);
    }
#endif
    if (locked != 0) return fail(Errc::wrong_key, "libbde could not unlock this volume with this key.", err.message());
    size64_t size = 0;
    if (libbde_volume_get_size(h.volume, &size, &err.e) != 1) return libbde_failed("tell the volume size", err);
    return static_cast<std::uint64_t>(size);
}

}  // namespace

LibbdeVolume::~LibbdeVolume() = default;

const char* LibbdeVolume::version() { return libbde_get_version(); }

bool LibbdeVolume::supports_file_ranges() {
#if defined(LIBBDE_HAVE_BFIO)
    return true;
#else
    return false;
#endif
}

Result<std::unique_ptr<LibbdeVolume>> LibbdeVolume::finish_open(std::unique_ptr<Handles> h,
                                                                const VolumeLocation& where) {
    auto size = open_and_unlock(*h, where);
    if (!size) return std::unexpected(size.error());
    std::unique_ptr<LibbdeVolume> v(new LibbdeVolume());
    v->h_ = std::move(h);
    v->where_ = where;
    v->size_ = *size;
    return v;
}

Result<std::unique_ptr<LibbdeVolume>> LibbdeVolume::open_with_credential(const VolumeLocation& where,
                                                                         const Credential& c) {
    auto h = make_volume();
    if (!h) return std::unexpected(h.error());
    LibbdeError err;
    if (c.kind == Credential::Kind::recovery_password) {
        // libbde does not reject a malformed key; ours was validated, and we hand it over normalised.
        auto rp = RecoveryPassword::from_key(c.secret.span());
        if (!rp) return std::unexpected(rp.error());
        SecureBuffer text = rp->text();
        if (libbde_volume_set_utf8_recovery_password((*h)->volume, text.data(), text.size(), &err.e) != 1)
            return libbde_failed("take this recovery key", err);
    } else if (c.kind == Credential::Kind::password) {
        if (libbde_volume_set_utf8_password((*h)->volume, c.secret.data(), c.secret.size(), &err.e) != 1)
            return libbde_failed("take this password", err);
    } else {
        return fail(Errc::unsupported, fmt::format("A {} is not handed to libbde.", credential_kind_name(c.kind)));
    }
    return finish_open(std::move(*h), where);
}

Result<std::unique_ptr<LibbdeVolume>> LibbdeVolume::open_with_keys(const VolumeLocation& where, const VolumeKeys& keys) {
    auto h = make_volume();
    if (!h) return std::unexpected(h.error());
    LibbdeError err;
    // XTS keys go in whole (both halves) with no tweak key; Elephant's tweak key separately.
    static const std::uint8_t no_tweak[32] = {};
    const std::uint8_t* tweak = keys.tweak.empty() ? no_tweak : keys.tweak.data();
    if (libbde_volume_set_keys((*h)->volume, keys.fvek.data(), keys.fvek.size(), tweak, keys.tweak.size(), &err.e) != 1)
        return libbde_failed("take these keys", err);
    return finish_open(std::move(*h), where);
}

Result<std::size_t> LibbdeVolume::read_at(std::uint64_t offset, std::span<std::uint8_t> out) const {
    if (offset >= size_) return std::size_t{0};
    std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(out.size(), size_ - offset));
    std::lock_guard guard(h_->lock);
    LibbdeError err;
    ssize_t n = libbde_volume_read_buffer_at_offset(h_->volume, out.data(), want, static_cast<off64_t>(offset), &err.e);
    if (n < 0) return fail(Errc::io, fmt::format("libbde could not read at byte {}.", offset), err.message());
    return static_cast<std::size_t>(n);
}

}  // namespace bde
