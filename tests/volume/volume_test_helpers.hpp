#pragma once
// Shared by the volume tests: credentials from bitlk-images.conf, hashing a BlockSource, sparse copies.
#include <catch2/catch.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "bde/credential.hpp"
#include "bde/volume_info.hpp"
#include "io/block_source.hpp"
#include "testdata.hpp"

namespace bde::test {

struct NamedCredential {
    std::string label;        // "RP", "RP2", "PW", "SK", "CLEARKEY"
    std::string expected_id;  // the protector that must open it (upper case)
    Credential credential;
};

// Every credential the conf lists for the volume (with the .BEK file for startup keys).
std::vector<NamedCredential> credentials_of(const TestVolume& v);
Credential recovery_credential(const std::string& digits);
Credential password_credential(const std::string& password);
Credential bek_credential(const std::string& path);

std::string upper(std::string s);
// A test volume opened read-only, with its metadata read (both REQUIREd to work).
struct RawVolume {
    std::shared_ptr<const BlockSource> source;
    VolumeInfo info;
};
RawVolume open_raw_volume(const std::string& path);

// SHA-256 (hex) of the whole source, read in 4 MiB chunks.
std::string sha256_of_source(const BlockSource& source);

// A writable sparse copy of a test volume in a fresh temporary directory (removed by the destructor).
struct ScratchCopy {
    explicit ScratchCopy(const std::string& source);
    ~ScratchCopy();
    std::filesystem::path dir, path;
};

}  // namespace bde::test
