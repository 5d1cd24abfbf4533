// fuzz_seeds OUTDIR: writes seed inputs for the fuzz targets into OUTDIR/key_text and OUTDIR/bek, made by the
// same writers as the tests (tools/demo_keys/windows_key_samples.hpp). Only the public test credentials.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "../tools/demo_keys/windows_key_samples.hpp"

namespace {

using namespace keysamples;

constexpr SampleKey kA{"64311DEA-4587-4029-924A-BA299647998E", "235818-357951-253979-013365-241120-245575-342914-591910"};
constexpr SampleKey kB{"3FD763F9-74C7-4E90-8FA2-1F6A2E2B4E0C", "042647-302313-590458-071500-554323-116567-412181-516978"};

void write(const std::filesystem::path& p, const std::string& bytes) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: fuzz_seeds OUTDIR\n";
        return 2;
    }
    std::filesystem::path text = std::filesystem::path(argv[1]) / "key_text", bek = std::filesystem::path(argv[1]) / "bek";
    std::filesystem::create_directories(text);
    std::filesystem::create_directories(bek);

    write(text / "win10-utf16le.txt", utf16le_bom(crlf(windows10_txt(kA))));
    write(text / "win81-nul.txt", utf16le_bom(crlf(windows81_txt(kA))));
    write(text / "win7-utf16be.txt", utf16(crlf(windows7_txt(kB)), false, true));
    write(text / "win11-utf8.txt", windows11_txt(kA));
    write(text / "german-nobom.txt", utf16(crlf(windows10_txt_german(kB)), true, false));
    write(text / "japanese.txt", windows10_txt_japanese(kA));
    write(text / "ad.csv", std::string("#TYPE Microsoft.ActiveDirectory.Management.ADObject\n"
                                       "\"DistinguishedName\",\"msFVE-RecoveryPassword\",\"Name\"\n"
                                       "\"CN=2024-03-21T10:02:11\\+01:00{") + kA.id + "},CN=PC-1,DC=corp,DC=local\",\"" +
                                       kA.rp + "\",\"x\"\n");
    write(text / "csvde.csv", std::string("DN,msFVE-RecoveryGuid,msFVE-RecoveryPassword\n\"CN=x\",X'ea1d3164874529409"
                                          "24aba299647998e',") + kB.rp + "\n");
    write(text / "semicolon.csv", std::string("Computer;KeyID;RecoveryKey\nPC-2;") + kB.id + ";" + kB.rp + "\n");
    write(text / "graph.json", std::string("{\"value\":[{\"id\":\"") + kA.id + "\",\"key\":\"" + kA.rp +
                                   "\",\"deviceId\":\"1ab20a24-9c5d-4e1f-8b2a-6d3c7e9f0a1b\",\"volumeType\":1}]}");
    write(text / "powershell.json", utf16le_bom(std::string("[{\"ComputerName\":\"PC\",\"KeyProtector\":[{\"KeyProtectorId\":\"{") +
                                                kB.id + "}\",\"RecoveryPassword\":\"" + kB.rp + "\"}]}]"));
    write(text / "account-page.txt", std::string("DESKTOP-B8H4DIM\nKey ID: 64311DEA\nRecovery key: ") + kA.rp +
                                         "\nDrive: OSV\nDevice name\tKey ID\tRecovery key\nPC-9\t3FD763F9\t" + kB.rp + "\tOSV\n");
    write(text / "key-first.txt", std::string(kA.rp) + "\n(id " + kA.id + ")\nRP=" + kB.rp + "\nRP_VMK_GUID=" + kB.id + "\n");

    const std::uint8_t key[32] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                                  17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};
    auto id = bde::KeyId::parse("4381F759-C4F8-4DE0-BB61-FC33A831BDA5").value();
    auto volume = bde::KeyId::parse("E8EA9756-9CC1-4CA2-B99D-FAE884F56150").value();
    write(bek / "win10.BEK", bek_file(id, key));
    write(bek / "win11.BEK", bek_file(id, key, &volume));
    return 0;
}
