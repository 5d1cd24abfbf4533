// Step 2: unlocking. The 48-digit entry with its per-group checks, typo corrections tried against the
// drive, passwords, key files found on other drives; and checking a key with no drive at all.
#include <fmt/format.h>

#include "controller.hpp"
#include "keys/recovery_password.hpp"
#include "ui_text.hpp"

namespace bde::tui {

namespace {

bool has_protector(const DriveEntry* d, ProtectorType type) {
    if (!d || !d->bitlocker) return false;
    for (const auto& p : d->bitlocker->protectors)
        if (p.type == type) return true;
    return false;
}

std::string group_list(const std::vector<int>& groups) {
    std::string out;
    for (std::size_t i = 0; i < groups.size(); ++i) {
        if (i) out += i + 1 == groups.size() ? " and " : ", ";
        out += std::to_string(groups[i] + 1);
    }
    return out;
}

// "Group 3 is mistyped: a digit is wrong." — named, so it is never only a colour on screen.
std::string mistyped_message(const std::vector<int>& bad, bool complete) {
    std::string what = bad.size() == 1 ? fmt::format("Group {} is mistyped: a digit is wrong.", bad[0] + 1)
                                       : fmt::format("Groups {} are mistyped.", group_list(bad));
    const char* them = bad.size() == 1 ? "it" : "them";
    if (complete && bad.size() <= 2) return fmt::format("{} Fix {}, or press Enter to try fixes.", what, them);
    return fmt::format("{} Check {} against your key.", what, them);
}

std::string describe_found(const FoundKeyFile& k) {
    std::string id = k.credential.key_id ? k.credential.key_id->short_str() + "-..."
                     : k.id_prefix       ? k.id_prefix->str() + "..."
                                         : "(ID not known)";
    const char* what = k.credential.kind == Credential::Kind::startup_key ? "Startup key (.BEK)" : "Recovery key";
    return fmt::format("{} {} found in {} on {}", what, id, k.file, k.where);
}

const char* busy_text_for(Credential::Kind kind) {
    switch (kind) {
        case Credential::Kind::clear_key: return "Opening the drive (no key needed)...";
        case Credential::Kind::password: return "Checking the password...";
        default: return "Checking the key...";
    }
}

}  // namespace

void Controller::enter_key_screen() {
    check_only_ = false;
    entry_.clear();
    password_.clear();
    found_sel_ = 0;
    auto ways = key_ways();
    key_mode_ = ways.front();
    go(Screen::key);
    const DriveEntry* d = current_drive();
    auto found = keys_for_current();
    bool identified = !found.empty() && (found.front()->credential.key_id || found.front()->id_prefix);
    if (key_mode_ == KeyMode::found_key && identified)
        say("A key file for this drive was found. Press Enter to use it.", Tone::good);
    else if (key_mode_ == KeyMode::found_key && !found.empty())
        say("A key file that may fit this drive was found (it names no key ID). Press Enter to try it.");
    else if (d && d->bitlocker && !has_protector(d, ProtectorType::recovery_password) &&
             !has_protector(d, ProtectorType::password) && !has_protector(d, ProtectorType::startup_key)) {
        auto advice = offline_advice(*d->bitlocker);
        say(advice.empty() ? "This drive has no key that can be used here." : advice.front(), Tone::warn);
    }
}

void Controller::start_key_check() {
    check_only_ = true;
    entry_.clear();
    key_mode_ = KeyMode::recovery_key;
    go(Screen::key);
    log_.note("checking a recovery key without a drive");
}

std::vector<KeyMode> Controller::key_ways() const {
    if (check_only_) return {KeyMode::recovery_key};
    const DriveEntry* d = current_drive();
    std::vector<KeyMode> ways;
    if (!keys_for_current().empty() || has_protector(d, ProtectorType::startup_key)) ways.push_back(KeyMode::found_key);
    if (has_protector(d, ProtectorType::recovery_password) || !has_protector(d, ProtectorType::password))
        ways.push_back(KeyMode::recovery_key);
    if (has_protector(d, ProtectorType::password)) ways.push_back(KeyMode::password);
    return ways;
}

// Key files for this drive: those whose ID matches one of its protectors, then recovery keys whose ID is
// not known (a bare 48-digit key in a text file). Keys for other drives are left out.
std::vector<const FoundKeyFile*> Controller::keys_for_current() const {
    const DriveEntry* d = current_drive();
    std::vector<const FoundKeyFile*> matching, unknown;
    if (!d || !d->bitlocker) return {};
    for (const auto& k : keys_) {
        if (!k.credential.key_id && !k.id_prefix) {
            if (k.credential.kind == Credential::Kind::recovery_password) unknown.push_back(&k);
            continue;
        }
        for (const auto& p : d->bitlocker->protectors)
            if (k.credential.key_id ? p.key_id == *k.credential.key_id : k.id_prefix->matches(p.key_id)) {
                matching.push_back(&k);
                break;
            }
    }
    matching.insert(matching.end(), unknown.begin(), unknown.end());
    return matching;
}

void Controller::handle_key(const Key& key) {
    if (key.is(Key::Kind::escape)) {
        entry_.clear();
        password_.clear();
        go(Screen::volumes);
        return;
    }
    if (key.is(Key::Kind::tab) || key.is(Key::Kind::backtab)) {
        auto ways = key_ways();
        auto it = std::find(ways.begin(), ways.end(), key_mode_);
        int i = it == ways.end() ? 0 : static_cast<int>(it - ways.begin());
        int n = static_cast<int>(ways.size());
        key_mode_ = ways[static_cast<std::size_t>((i + (key.is(Key::Kind::tab) ? 1 : n - 1)) % n)];
        say("");
        return;
    }
    switch (key_mode_) {
        case KeyMode::recovery_key: return handle_recovery_entry(key);
        case KeyMode::password: return handle_password_entry(key);
        case KeyMode::found_key: break;
    }
    auto found = keys_for_current();
    int n = static_cast<int>(found.size());
    if (key.is(Key::Kind::up)) found_sel_ = std::max(0, found_sel_ - 1);
    else if (key.is(Key::Kind::down)) found_sel_ = std::min(std::max(0, n - 1), found_sel_ + 1);
    else if (char c = key.letter(); c >= '1' && c <= '9' && c - '1' < n) found_sel_ = c - '1';
    else if (key.is('r', 5)) rescan();
    else if (key.is(Key::Kind::enter) && found_sel_ < n) {
        const FoundKeyFile& k = *found[static_cast<std::size_t>(found_sel_)];
        log_.note(fmt::format("trying the key file {} ({})", k.file, k.where));
        unlock_with(k.credential, fmt::format("with the key in {}", k.file),
                    fmt::format("The key in {} does not open this drive.", k.file));
    }
}

void Controller::handle_recovery_entry(const Key& key) {
    if (key.is(Key::Kind::function) && key.number >= 1 && key.number <= 10) {
        // F1..F10 type 1..9 and 0, as on the Windows recovery screen.
        return after_entry_change(entry_.type_digit(static_cast<char>('0' + key.number % 10)));
    }
    if (key.is(0, 12) || (key.is(Key::Kind::text) && key.text == "*")) {
        hide_digits_ = !hide_digits_;
        log_.note(hide_digits_ ? "digits hidden" : "digits shown");
        return;
    }
    if (key.is(Key::Kind::text)) return after_entry_change(entry_.type(key.text));
    if (key.is(Key::Kind::backspace)) {
        entry_.backspace();
        return after_entry_change(RecoveryKeyEntry::Typed::digits);
    }
    if (key.is(Key::Kind::left)) return entry_.move_left();
    if (key.is(Key::Kind::right)) return entry_.move_right();
    if (key.is(Key::Kind::enter)) return submit_recovery_key();
}

void Controller::after_entry_change(RecoveryKeyEntry::Typed typed) {
    auto bad = entry_.invalid_groups();
    if (!bad.empty()) say(mistyped_message(bad, entry_.complete()), Tone::bad);
    else if (typed == RecoveryKeyEntry::Typed::ignored_letters)
        say("A recovery key has only digits: letters are ignored (0 is zero, not O).", Tone::warn);
    else if (entry_.complete())
        say(check_only_ ? "All 8 groups are well-formed. Press Enter to check the whole key."
                        : "All 8 groups look right. Press Enter to unlock.",
            Tone::good);
    else say("");
}

void Controller::submit_recovery_key() {
    if (!entry_.complete()) {
        say(fmt::format("A recovery key has 48 digits; {} typed so far.", entry_.digit_count()), Tone::warn);
        return;
    }
    auto bad = entry_.invalid_groups();
    if (!bad.empty()) {
        if (!check_only_) return try_corrections();
        auto text = entry_.text();
        auto check = check_recovery_password(text.view());
        DialogModel d{.title = "This key is mistyped", .buttons = {{"OK", 0}}, .tone = Tone::bad};
        for (const auto& p : check.problems) d.lines.push_back(fmt::format("Group {} ({}) {}.", p.group, p.value, p.reason));
        auto candidates = suggest_corrections(text.view(), 2, 3);
        if (!candidates.empty()) d.lines.push_back("Most likely fixes:");
        for (const auto& c : candidates) {
            std::string line;
            for (const auto& f : c.fixes) line += (line.empty() ? "  " : "; ") + f;
            d.lines.push_back(line);
        }
        show_dialog(std::move(d), {}, 0);
        log_.note("checked key: mistyped group(s) " + group_list(bad));
        return;
    }
    auto key = RecoveryPassword::parse(entry_.text().view());
    if (!key) {
        say(key.error().message, Tone::bad);
        return;
    }
    if (check_only_) {
        say("This key is well-formed: all 8 groups pass their check.", Tone::good);
        log_.note("checked key: well-formed");
        return;
    }
    const DriveEntry* d = current_drive();
    std::string wanted;
    if (d && d->bitlocker)
        for (const auto& p : d->bitlocker->protectors)
            if (p.type == ProtectorType::recovery_password) wanted += (wanted.empty() ? "" : " or ") + p.key_id.short_str();
    log_.note("trying the recovery key typed in");
    unlock_with(Credential{.kind = Credential::Kind::recovery_password, .secret = key->key(), .origin = "typed"},
                "with the recovery key you typed",
                wanted.empty() ? "This key does not open this drive."
                               : fmt::format("This key does not open this drive. Look for the key with ID {}.", wanted));
}

void Controller::try_corrections() {
    auto bad = entry_.invalid_groups();
    auto candidates = std::make_shared<std::vector<TypoCandidate>>(suggest_corrections(entry_.text().view(), 2, 64));
    if (candidates->empty()) {
        say(mistyped_message(bad, false), Tone::bad);
        return;
    }
    log_.note(fmt::format("typed key has mistyped group(s) {}: trying {} likely corrections", group_list(bad),
                          candidates->size()));
    struct Outcome {
        std::optional<std::size_t> worked;
        std::optional<UnlockReport> report;
        std::optional<Error> error;
        bool stopped = false;
    };
    auto outcome = std::make_shared<Outcome>();
    std::string drive = current_;
    run_busy("Trying likely corrections of the mistyped group", true,
             [this, candidates, outcome, drive](JobControl& job) {
                 for (std::size_t i = 0; i < candidates->size(); ++i) {
                     if (job.cancelled()) {
                         outcome->stopped = true;
                         return;
                     }
                     job.publish({.phase = "Trying correction", .step = static_cast<int>(i + 1),
                                  .steps = static_cast<int>(candidates->size())});
                     auto key = RecoveryPassword::parse((*candidates)[i].text.view());
                     if (!key) continue;
                     auto r = backend_.unlock(
                         drive, Credential{.kind = Credential::Kind::recovery_password, .secret = key->key(), .origin = "typed, corrected"});
                     if (r) {
                         outcome->worked = i;
                         outcome->report = *r;
                         return;
                     }
                     if (r.error().code != Errc::wrong_key) {
                         outcome->error = r.error();
                         return;
                     }
                 }
             },
             [this, candidates, outcome, bad] {
                 if (outcome->worked) {
                     const TypoCandidate& c = (*candidates)[*outcome->worked];
                     entry_.set(c.text.view());
                     std::string fixes;
                     for (const auto& f : c.fixes) fixes += (fixes.empty() ? "" : "; ") + f;
                     log_.note("a corrected version of the typed key opened the drive (group(s) " + group_list(bad) + ")");
                     unlocked(*outcome->report, Credential::Kind::recovery_password,
                              "with the recovery key you typed, after correcting a typo",
                              "Your key had a typo. This correction opened the drive:\n" + fixes);
                 } else if (outcome->error) {
                     say(outcome->error->message, Tone::bad);
                 } else if (outcome->stopped) {
                     say("Stopped trying corrections. " + mistyped_message(bad, false), Tone::warn);
                 } else {
                     log_.note("no likely correction opened the drive");
                     say(fmt::format("{} {} likely fixes tried; none opens this drive.",
                                     bad.size() == 1 ? fmt::format("Group {} is mistyped.", bad[0] + 1)
                                                     : fmt::format("Groups {} are mistyped.", group_list(bad)),
                                     candidates->size()),
                         Tone::bad);
                 }
             });
}

void Controller::handle_password_entry(const Key& key) {
    if (key.is(Key::Kind::text)) {
        for (unsigned char c : key.text)
            if (c >= 0x20 && c != 0x7F) password_.push_back(c);
        say("");
    } else if (key.is(Key::Kind::backspace) && !password_.empty()) {
        // Remove one whole UTF-8 character.
        std::size_t n = password_.size();
        while (n > 0 && (password_[n - 1] & 0xC0) == 0x80) --n;
        password_.resize(n > 0 ? n - 1 : 0);
    } else if (key.is(Key::Kind::enter)) {
        if (password_.empty()) return say("Type the password first.", Tone::warn);
        log_.note("trying the password typed in");
        unlock_with(Credential{.kind = Credential::Kind::password, .secret = password_, .origin = "typed"},
                    "with the password you typed",
                    "This password does not open this drive. Check Caps Lock and the keyboard layout.");
    }
}

void Controller::unlock_with(Credential credential, std::string how, std::string wrong_message) {
    auto cred = std::make_shared<Credential>(std::move(credential));
    auto result = std::make_shared<std::optional<Result<UnlockReport>>>();
    Credential::Kind kind = cred->kind;
    std::string drive = current_;
    run_busy(busy_text_for(kind), false,
             [this, cred, result, drive](JobControl& job) {
                 job.publish({.phase = "This takes a few seconds."});
                 *result = backend_.unlock(drive, *cred);
                 cred->secret.clear();
             },
             [this, result, kind, how, wrong_message] {
                 const Result<UnlockReport>& r = **result;
                 if (r) return unlocked(*r, kind, how, "");
                 log_.note(fmt::format("{} did not open the drive: {}", credential_kind_name(kind), errc_name(r.error().code)));
                 say(r.error().code == Errc::wrong_key ? wrong_message : r.error().message, Tone::bad);
             });
}

void Controller::unlocked(UnlockReport report, Credential::Kind kind, std::string how, std::string correction) {
    const DriveEntry* d = current_drive();
    log_.note(fmt::format("unlocked {} using the {} protector {}", d ? d->device : current_,
                          protector_name(report.protector), report.key_id.short_str()));
    sessions_[current_] = Session{report, kind, std::move(how), std::move(correction)};
    entry_.clear();
    password_.clear();
    go(Screen::unlocked);
    menu_sel_ = static_cast<int>(intent_);
}

KeyModel Controller::key_model(FrameModel& frame) const {
    const DriveEntry* d = current_drive();
    frame.step = check_only_ ? 0 : 2;
    frame.heading = check_only_ ? "Check a recovery key" : "Unlock " + (d ? drive_title(*d) : current_);
    KeyModel m;
    m.mode = key_mode_;
    for (KeyMode w : key_ways()) {
        std::string label = w == KeyMode::recovery_key ? "Recovery key"
                            : w == KeyMode::password   ? "Password"
                                                       : fmt::format("Key files ({})", keys_for_current().size());
        m.ways.push_back({label, w == key_mode_});
    }
    if (d && d->bitlocker && !check_only_)
        for (const auto& p : d->bitlocker->protectors)
            if (p.type == ProtectorType::recovery_password) m.key_ids.push_back(p.key_id.str());

    bool tpm = has_protector(d, ProtectorType::tpm) || has_protector(d, ProtectorType::tpm_pin);
    switch (key_mode_) {
        case KeyMode::recovery_key:
            m.intro = check_only_ ? "Type a 48-digit recovery key to see whether any group is mistyped. No drive is "
                                    "needed."
                      : tpm ? "This drive is locked. Windows opens it with the computer's TPM chip, which cannot be "
                              "used from here: type its 48-digit recovery key."
                            : "This drive is locked. Type its 48-digit BitLocker recovery key.";
            break;
        case KeyMode::password: m.intro = "This drive is locked with a password. Type it and press Enter."; break;
        case KeyMode::found_key: m.intro = "Key files found on the connected drives. Choose one and press Enter."; break;
    }
    for (int g = 0; g < 8; ++g)
        m.groups[static_cast<std::size_t>(g)] = {std::string(entry_.group(g)), entry_.state(g)};
    m.active_group = entry_.active_group();
    m.hidden = hide_digits_;
    std::string file_id = m.key_ids.empty() ? "<key ID>" : m.key_ids.front().substr(0, 8) + "-...";
    m.hints = {"Where to find the recovery key:",
               "* Microsoft account: on a phone or another PC, sign in at aka.ms/myrecoverykey",
               "* Work or school PC: your IT department has it (give them the key ID)",
               "* On paper, or in \"BitLocker Recovery Key " + file_id + ".TXT\" on a USB stick",
               "",
               hide_digits_ ? "Digits are hidden: press F12 or * to show them."
                            : "Digits are shown: press F12 or * to hide them."};
    m.password_length = 0;
    for (std::size_t i = 0; i < password_.size(); ++i)
        if ((password_[i] & 0xC0) != 0x80) ++m.password_length;  // characters, not bytes
    for (const FoundKeyFile* k : keys_for_current()) m.choices.push_back(describe_found(*k));
    m.choice_selected = found_sel_;
    m.empty_choices = has_protector(d, ProtectorType::startup_key)
                          ? "No .BEK startup key file for this drive was found. Plug in the USB stick that holds it "
                            "and press r to look again."
                          : "No key file for this drive was found. Plug in the USB stick that holds it and press r.";

    switch (key_mode_) {
        case KeyMode::recovery_key:
            frame.keys = {{"Enter", check_only_ ? "Check" : "Unlock"}, {"Bksp", "Erase"},
                          {"F12/*", hide_digits_ ? "Show digits" : "Hide digits"}};
            break;
        case KeyMode::password: frame.keys = {{"Enter", "Unlock"}, {"Bksp", "Erase"}}; break;
        case KeyMode::found_key:
            frame.keys = {{"Enter", "Use this key"}, {"Up/Down", "Choose"}, {"F5/r", "Look again"}};
            break;
    }
    if (m.ways.size() > 1) frame.keys.push_back({"Tab", "Other ways"});
    frame.keys.push_back({"Esc", "Back"});
    if (key_mode_ != KeyMode::password) frame.keys.push_back({"?", "Help"});
    return m;
}

}  // namespace bde::tui
