// demo_keys CONF OUTDIR: writes a technician's key folder for the README's first command
// (`bderescue keys scan build/demo/stick`): Windows' UTF-16LE "BitLocker Recovery Key <ID>.TXT", an Active
// Directory CSV export and an Entra/Graph JSON export, holding the public credentials of the cryptsetup
// test volumes (bitlk-images.conf), so the keys match the real volumes in ../shared/testdata.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>

#include "windows_key_samples.hpp"

namespace {

using Conf = std::map<std::string, std::map<std::string, std::string>>;

Conf read_conf(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    Conf conf;
    std::string line, section;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.size() > 2 && line.front() == '[' && line.back() == ']') section = line.substr(1, line.size() - 2);
        else if (auto eq = line.find('='); eq != std::string::npos) conf[section][line.substr(0, eq)] = line.substr(eq + 1);
    }
    return conf;
}

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

const std::string& get(const Conf& conf, const std::string& section, const std::string& key) {
    auto s = conf.find(section);
    if (s == conf.end() || !s->second.contains(key) || s->second.at(key).empty())
        throw std::runtime_error("bitlk-images.conf has no " + key + " in [" + section + "]");
    return s->second.at(key);
}

void write(const std::filesystem::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: demo_keys BITLK-IMAGES.CONF OUTDIR\n";
        return 2;
    }
    try {
        Conf conf = read_conf(argv[1]);
        std::filesystem::path dir = argv[2];
        std::filesystem::create_directories(dir);
        auto id = [&](const char* vol, const char* key = "RP_VMK_GUID") { return upper(get(conf, vol, key)); };
        auto rp = [&](const char* vol, const char* key = "RP") { return get(conf, vol, key); };

        // What "Save to a file" wrote on the customer's PC (Windows 10/11: UTF-16LE with BOM, CRLF).
        std::string txt_id = id("bitlk-aes-xts-128"), txt_rp = rp("bitlk-aes-xts-128");
        write(dir / ("BitLocker Recovery Key " + txt_id + ".TXT"),
              keysamples::utf16le_bom(keysamples::crlf(keysamples::windows10_txt({txt_id.c_str(), txt_rp.c_str()}))));

        // PowerShell's Export-Csv of the AD recovery objects: one computer with two keys (rotation), one with one.
        std::string csv = "#TYPE Microsoft.ActiveDirectory.Management.ADObject\n"
                          "\"DistinguishedName\",\"msFVE-RecoveryPassword\",\"Name\",\"ObjectClass\"\n";
        auto ad_row = [&](const std::string& date, const std::string& key_id, const std::string& computer,
                          const std::string& key) {
            csv += fmt::format("\"CN={0}{{{1}}},CN={2},OU=Workstations,DC=corp,DC=example,DC=com\",\"{3}\","
                               "\"{0}{{{1}}}\",\"msFVE-RecoveryInformation\"\n",
                               date, key_id, computer, key);
        };
        ad_row("2024-03-21T10:02:11-08:00", id("bitlk-aes-cbc-128"), "DESKTOP-B8H4DIM", rp("bitlk-aes-cbc-128"));
        ad_row("2024-01-09T08:15:40-08:00", id("bitlk-aes-xts-128-two-recovery"), "LAPTOP-042",
               rp("bitlk-aes-xts-128-two-recovery"));
        ad_row("2024-06-30T16:45:02-07:00", id("bitlk-aes-xts-128-two-recovery", "RP2_VMK_GUID"), "LAPTOP-042",
               rp("bitlk-aes-xts-128-two-recovery", "RP2"));
        write(dir / "AD-recovery-keys.csv", keysamples::crlf(csv));

        // Microsoft Graph: GET /informationProtection/bitlocker/recoveryKeys?$select=key (lower-case IDs).
        std::string json = "{\n  \"@odata.context\": \"https://graph.microsoft.com/v1.0/$metadata#informationProtection/"
                           "bitlocker/recoveryKeys(key)\",\n  \"value\": [\n";
        const char* graph_volumes[] = {"bitlk-togo-aes-xts-128", "bitlk-aes-xts-128-4k"};
        for (std::size_t i = 0; i < std::size(graph_volumes); ++i)
            json += fmt::format("    {{\n      \"id\": \"{}\",\n      \"createdDateTime\": \"2024-0{}-12T09:30:00Z\",\n"
                                "      \"volumeType\": {},\n      \"deviceId\": \"1ab20a24-9c5d-4e1f-8b2a-6d3c7e9f0a1{}\",\n"
                                "      \"key\": \"{}\"\n    }}{}\n",
                                get(conf, graph_volumes[i], "RP_VMK_GUID"), i + 4, i == 0 ? 3 : 1, i,
                                rp(graph_volumes[i]), i + 1 < std::size(graph_volumes) ? "," : "");
        json += "  ]\n}\n";
        write(dir / "entra-recovery-keys.json", json);
    } catch (const std::exception& e) {
        std::cerr << "demo_keys: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
