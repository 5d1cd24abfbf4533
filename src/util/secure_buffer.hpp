#pragma once
// Key material lives here: the bytes are wiped (OPENSSL_cleanse) on release and on every reassignment,
// and the type has no operator<< and no fmt formatter, so a key cannot be logged by accident.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace bde {

class SecureBuffer {
public:
    SecureBuffer() = default;
    explicit SecureBuffer(std::size_t size);
    SecureBuffer(const std::uint8_t* data, std::size_t size);
    explicit SecureBuffer(std::span<const std::uint8_t> bytes) : SecureBuffer(bytes.data(), bytes.size()) {}
    static SecureBuffer from_string(std::string_view text);
    ~SecureBuffer();

    SecureBuffer(const SecureBuffer& other);
    SecureBuffer& operator=(const SecureBuffer& other);
    SecureBuffer(SecureBuffer&& other) noexcept;
    SecureBuffer& operator=(SecureBuffer&& other) noexcept;

    std::uint8_t* data() { return data_; }
    const std::uint8_t* data() const { return data_; }
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    std::uint8_t& operator[](std::size_t i) { return data_[i]; }
    const std::uint8_t& operator[](std::size_t i) const { return data_[i]; }
    std::span<std::uint8_t> span() { return {data_, size_}; }
    std::span<const std::uint8_t> span() const { return {data_, size_}; }
    // The bytes as text (for passwords held as UTF-8). The view dies with the buffer.
    std::string_view view() const { return {reinterpret_cast<const char*>(data_), size_}; }

    void resize(std::size_t size);  // keeps the common prefix, wipes the old storage
    void clear();                   // wipes and empties
    void append(const std::uint8_t* data, std::size_t size);
    void push_back(std::uint8_t b) { append(&b, 1); }

    friend bool operator==(const SecureBuffer& a, const SecureBuffer& b);

private:
    std::uint8_t* data_ = nullptr;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
};

// Wipes any memory (for stack copies of key bytes).
void secure_wipe(void* data, std::size_t size);

}  // namespace bde
