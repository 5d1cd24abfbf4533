#include "util/secure_buffer.hpp"

#include <openssl/crypto.h>

#include <cstring>
#include <utility>

namespace bde {

void secure_wipe(void* data, std::size_t size) {
    if (data && size) OPENSSL_cleanse(data, size);
}

SecureBuffer::SecureBuffer(std::size_t size) { resize(size); }

SecureBuffer::SecureBuffer(const std::uint8_t* data, std::size_t size) { append(data, size); }

SecureBuffer SecureBuffer::from_string(std::string_view text) {
    return SecureBuffer(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}

SecureBuffer::~SecureBuffer() { clear(); }

SecureBuffer::SecureBuffer(const SecureBuffer& other) { append(other.data_, other.size_); }

SecureBuffer& SecureBuffer::operator=(const SecureBuffer& other) {
    if (this != &other) {
        clear();
        append(other.data_, other.size_);
    }
    return *this;
}

SecureBuffer::SecureBuffer(SecureBuffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      capacity_(std::exchange(other.capacity_, 0)) {}

SecureBuffer& SecureBuffer::operator=(SecureBuffer&& other) noexcept {
    if (this != &other) {
        clear();
        data_ = std::exchange(other.data_, nullptr);
        size_ = std::exchange(other.size_, 0);
        capacity_ = std::exchange(other.capacity_, 0);
    }
    return *this;
}

void SecureBuffer::clear() {
    if (data_) {
        secure_wipe(data_, capacity_);
        delete[] data_;
    }
    data_ = nullptr;
    size_ = capacity_ = 0;
}

void SecureBuffer::resize(std::size_t size) {
    if (size <= capacity_) {
        if (size < size_) secure_wipe(data_ + size, size_ - size);
        else if (size > size_) std::memset(data_ + size_, 0, size - size_);
        size_ = size;
        return;
    }
    // Grow by copying into fresh storage and wiping the old: realloc could leave key bytes behind.
    std::size_t cap = capacity_ ? capacity_ : 16;
    while (cap < size) cap *= 2;
    auto* fresh = new std::uint8_t[cap]();
    if (size_) std::memcpy(fresh, data_, size_);
    clear();
    data_ = fresh;
    capacity_ = cap;
    size_ = size;
}

void SecureBuffer::append(const std::uint8_t* data, std::size_t size) {
    if (!size) return;
    std::size_t old = size_;
    resize(old + size);
    std::memcpy(data_ + old, data, size);
}

bool operator==(const SecureBuffer& a, const SecureBuffer& b) {
    return a.size_ == b.size_ && CRYPTO_memcmp(a.data_, b.data_, a.size_) == 0;
}

}  // namespace bde
