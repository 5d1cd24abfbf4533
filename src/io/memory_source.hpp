#pragma once
// A BlockSource over bytes in memory: test sources, small synthetic volumes.
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "io/block_source.hpp"

namespace bde {

class MemorySource final : public BlockSource {
public:
    explicit MemorySource(std::vector<std::uint8_t> bytes, std::uint32_t sector_size = 512, std::string name = "memory")
        : bytes_(std::move(bytes)), sector_size_(sector_size), name_(std::move(name)) {}
    std::uint64_t size() const override { return bytes_.size(); }
    std::uint32_t sector_size() const override { return sector_size_; }
    Result<std::size_t> read_at(std::uint64_t offset, std::span<std::uint8_t> out) const override {
        if (offset >= bytes_.size()) return std::size_t{0};
        std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(out.size(), bytes_.size() - offset));
        std::memcpy(out.data(), bytes_.data() + offset, n);
        return n;
    }
    std::string name() const override { return name_; }
    const std::vector<std::uint8_t>& bytes() const { return bytes_; }

private:
    std::vector<std::uint8_t> bytes_;
    std::uint32_t sector_size_;
    std::string name_;
};

}  // namespace bde
