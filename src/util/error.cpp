#include "util/error.hpp"

namespace bde {

int exit_code_for(Errc code) {
    switch (code) {
        case Errc::internal: return 1;
        case Errc::usage: return 2;
        case Errc::malformed_key: return 3;
        case Errc::wrong_key: return 4;
        case Errc::not_found: return 5;
        case Errc::not_bitlocker: return 6;
        case Errc::unsupported: return 7;
        case Errc::io: return 8;
        case Errc::corrupt: return 9;
        case Errc::destination: return 10;
        case Errc::cancelled: return 11;
        case Errc::verify_failed: return 12;
        case Errc::partial: return 13;
    }
    return 1;
}

const char* errc_name(Errc code) {
    switch (code) {
        case Errc::internal: return "internal";
        case Errc::usage: return "usage";
        case Errc::malformed_key: return "malformed-key";
        case Errc::wrong_key: return "wrong-key";
        case Errc::not_found: return "not-found";
        case Errc::not_bitlocker: return "not-bitlocker";
        case Errc::unsupported: return "unsupported";
        case Errc::io: return "io";
        case Errc::corrupt: return "corrupt";
        case Errc::destination: return "destination";
        case Errc::cancelled: return "cancelled";
        case Errc::verify_failed: return "verify-failed";
        case Errc::partial: return "partial";
    }
    return "internal";
}

}  // namespace bde
