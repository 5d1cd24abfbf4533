#pragma once
// The Elephant diffuser of Windows Vista/7 BitLocker (AES-CBC + diffuser, methods 0x8000/0x8001), after
// Niels Ferguson, "AES-CBC + Elephant diffuser" (2006). A sector is n = size/4 little-endian 32-bit
// words; each diffuser mixes every word with two others, several cycles over the sector.
//   A (5 cycles): d[i] += d[i-2] ^ rotl(d[i-5], {9, 0, 13, 0}[i % 4])   (decryption direction)
//   B (3 cycles): d[i] += d[i+2] ^ rotl(d[i+5], {0, 10, 0, 25}[i % 4])
// Decrypting a sector: AES-CBC, then diffuser B, then A, then XOR with the 32-byte sector key.
#include <cstdint>
#include <span>

namespace bde::crypto {

// In place, on a whole sector (size a multiple of 32 bytes).
void diffuser_a_decrypt(std::span<std::uint8_t> sector);
void diffuser_b_decrypt(std::span<std::uint8_t> sector);
// The inverse directions, for round-trip tests and for writing test volumes.
void diffuser_a_encrypt(std::span<std::uint8_t> sector);
void diffuser_b_encrypt(std::span<std::uint8_t> sector);

}  // namespace bde::crypto
