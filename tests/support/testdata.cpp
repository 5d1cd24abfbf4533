#include "testdata.hpp"

#include <openssl/evp.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace bde::test {

std::string testdata_dir() {
    const char* d = std::getenv("BDERESCUE_TESTDATA_DIR");
    return d ? d : BDERESCUE_BINARY_DIR "/testdata/bitlk-images";
}

std::vector<TestVolume> test_volumes() {
    std::ifstream in(BDERESCUE_TESTDATA_CONF);
    if (!in) throw std::runtime_error("cannot read " BDERESCUE_TESTDATA_CONF);
    std::vector<TestVolume> out;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.size() > 2 && line.front() == '[' && line.back() == ']') {
            TestVolume v;
            v.name = line.substr(1, line.size() - 2);
            v.path = testdata_dir() + "/" + v.name + ".img";
            out.push_back(v);
        } else if (auto eq = line.find('='); eq != std::string::npos && !out.empty()) {
            out.back().conf[line.substr(0, eq)] = line.substr(eq + 1);
        }
    }
    return out;
}

const TestVolume& test_volume(const std::string& name) {
    static const std::vector<TestVolume> all = test_volumes();
    for (const auto& v : all)
        if (v.name == name) return v;
    throw std::runtime_error("no test volume " + name);
}

std::string sha256_of_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
    std::vector<char> buf(1 << 20);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        EVP_DigestUpdate(ctx, buf.data(), static_cast<std::size_t>(in.gcount()));
    }
    unsigned char md[32];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx, md, &len);
    EVP_MD_CTX_free(ctx);
    static const char* hex = "0123456789abcdef";
    std::string s;
    for (unsigned i = 0; i < len; ++i) {
        s.push_back(hex[md[i] >> 4]);
        s.push_back(hex[md[i] & 15]);
    }
    return s;
}

}  // namespace bde::test
