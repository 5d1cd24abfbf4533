#pragma once
// The Windows-made volumes from ../shared/testdata, unpacked by the testdata_unpack CTest fixture, and
// their credentials from bitlk-images.conf.
#include <map>
#include <string>
#include <vector>

namespace bde::test {

struct TestVolume {
    std::string name;  // "bitlk-aes-xts-128"
    std::string path;  // unpacked .img
    std::map<std::string, std::string> conf;  // CIPHER, GUID, PW, PW_VMK_GUID, RP, RP_VMK_GUID, SHA256SUM, ...
    std::string get(const std::string& key) const {
        auto it = conf.find(key);
        return it == conf.end() ? std::string() : it->second;
    }
};

std::string testdata_dir();  // where the .img and .BEK files are
std::vector<TestVolume> test_volumes();
const TestVolume& test_volume(const std::string& name);
std::string sha256_of_file(const std::string& path);

}  // namespace bde::test
