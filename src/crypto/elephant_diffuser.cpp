#include "crypto/elephant_diffuser.hpp"

#include <bit>
#include <cstring>
#include <vector>

namespace bde::crypto {
namespace {

constexpr int kCyclesA = 5;
constexpr int kCyclesB = 3;
constexpr int kRotA[4] = {9, 0, 13, 0};
constexpr int kRotB[4] = {0, 10, 0, 25};

// Words are little-endian on disk; this machine is x86-64 (little-endian) but stay explicit.
std::uint32_t load(const std::uint8_t* p) { return p[0] | p[1] << 8 | p[2] << 16 | static_cast<std::uint32_t>(p[3]) << 24; }
void store(std::uint8_t* p, std::uint32_t v) {
    p[0] = static_cast<std::uint8_t>(v);
    p[1] = static_cast<std::uint8_t>(v >> 8);
    p[2] = static_cast<std::uint8_t>(v >> 16);
    p[3] = static_cast<std::uint8_t>(v >> 24);
}

// Applies `cycles` passes of d[i] op= d[i+da] ^ rotl(d[i+db], rot[i%4]), indices modulo n.
// forward = true walks i upwards adding (decryption); false walks downwards subtracting (encryption).
void diffuse(std::span<std::uint8_t> sector, int cycles, long da, long db, const int* rot, bool forward) {
    const long n = static_cast<long>(sector.size() / 4);
    if (n < 8 || (n & (n - 1)) != 0) return;  // only power-of-two sectors exist
    std::uint32_t stack_words[1024];
    std::vector<std::uint32_t> heap_words;
    std::uint32_t* d = stack_words;
    if (n > 1024) {
        heap_words.resize(static_cast<std::size_t>(n));
        d = heap_words.data();
    }
    for (long i = 0; i < n; ++i) d[i] = load(sector.data() + 4 * i);
    // Sector sizes are powers of two, so "modulo n" is a mask (n is a multiple of 4 as well).
    const unsigned long mask = static_cast<unsigned long>(n - 1);
    auto idx = [mask](long i) { return static_cast<long>(static_cast<unsigned long>(i) & mask); };
    for (int c = 0; c < cycles; ++c) {
        if (forward) {
            for (long i = 0; i < n; ++i) d[i] += d[idx(i + da)] ^ std::rotl(d[idx(i + db)], rot[i & 3]);
        } else {
            for (long i = n - 1; i >= 0; --i) d[i] -= d[idx(i + da)] ^ std::rotl(d[idx(i + db)], rot[i & 3]);
        }
    }
    for (long i = 0; i < n; ++i) store(sector.data() + 4 * i, d[i]);
}

}  // namespace

void diffuser_a_decrypt(std::span<std::uint8_t> s) { diffuse(s, kCyclesA, -2, -5, kRotA, true); }
void diffuser_b_decrypt(std::span<std::uint8_t> s) { diffuse(s, kCyclesB, 2, 5, kRotB, true); }
void diffuser_a_encrypt(std::span<std::uint8_t> s) { diffuse(s, kCyclesA, -2, -5, kRotA, false); }
void diffuser_b_encrypt(std::span<std::uint8_t> s) { diffuse(s, kCyclesB, 2, 5, kRotB, false); }

}  // namespace bde::crypto
