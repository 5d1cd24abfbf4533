#include "run_tui.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <clocale>
#include <csignal>
#include <cstdio>
#include <cstdlib>

#include <fmt/format.h>

#include "action_log.hpp"
#include "controller.hpp"
#include "core_backend.hpp"
#include "curses_screen.hpp"
#include "line_mode.hpp"
#include "terminal_signals.hpp"
#include "util/error.hpp"

namespace bde::tui {

namespace {

// The stick's own data partition, where the running system mounts it (keys are read from it, logs go there).
std::string stick_dir() {
    const char* env = std::getenv("BDERESCUE_STICK_DIR");
    return env && *env ? env : "/run/bderescue/stick";
}

std::string log_dir_for(const TuiOptions& o) {
    if (!o.log_dir.empty()) return o.log_dir;
    if (const char* env = std::getenv("BDERESCUE_LOG_DIR"); env && *env) return env;
    if (access(stick_dir().c_str(), W_OK) == 0) return stick_dir() + "/logs";
    return "/var/log/bderescue";
}

std::string stick_if_there() { return access(stick_dir().c_str(), R_OK) == 0 ? stick_dir() : std::string(); }

// A shell in the read-only mount, on the plain terminal; returns its exit status.
int run_shell(const ShellRequest& request) {
    std::string banner = fmt::format(
        "\n{} is mounted read-only at {}\nType exit to go back to BDE Rescue.\n\n", request.title, request.directory);
    std::fputs(banner.c_str(), stdout);
    std::fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        if (chdir(request.directory.c_str()) != 0) _exit(126);
        const char* prompt = "[read-only drive] \\w \\$ ";
        setenv("PS1", prompt, 1);
        // bash reads root's .bashrc after taking PS1 from the environment, and that often sets its own prompt;
        // PROMPT_COMMAND runs before every prompt, after .bashrc, so the reminder stays.
        setenv("PROMPT_COMMAND", fmt::format("PS1='{}'", prompt).c_str(), 1);
        const char* shell = std::getenv("SHELL");
        if (!shell || !*shell) shell = "/bin/sh";
        execl(shell, shell, static_cast<char*>(nullptr));
        _exit(127);
    }
    int status = 0;
    if (pid > 0)
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
    if (SignalGuard::take() == SIGTERM) std::raise(SIGTERM);  // Ctrl-C in the shell was the shell's
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void run_screen(Controller& controller, CursesScreen& screen) {
    controller.start();
    bool changed = true;
    while (!controller.finished()) {
        if (int sig = SignalGuard::take()) {
            sig == SIGINT ? controller.handle(Key::of(Key::Kind::interrupt)) : controller.terminate();
            changed = true;
        }
        changed |= controller.job_running();  // it may finish in this tick: show its result
        controller.tick();
        if (auto shell = controller.take_shell_request()) {
            screen.suspend();
            int status = run_shell(*shell);
            screen.resume();
            controller.shell_returned(status);
            changed = true;
        }
        // Redraw after input, a resize, or while a job runs (progress, the stall timer); not when idle.
        if (changed) {
            TextCanvas canvas(screen.rows(), screen.cols(), screen.glyphs());
            render(canvas, controller.snapshot());
            screen.draw(canvas);
        }
        TerminalInput input = screen.read(100);
        changed = input.resized || !input.keys.empty();
        for (const Key& k : input.keys) {
            controller.handle(k);
            if (controller.finished()) break;
        }
    }
}

}  // namespace

int run_tui(const TuiOptions& options) {
    std::setlocale(LC_ALL, "");
    SignalGuard signals;
    ActionLog log(log_dir_for(options));
    CoreBackend backend({options.sources, options.key_paths, stick_if_there()});
    Controller controller(backend, log);
    if (!log.problem().empty()) log.note(log.problem());

    std::string why;
    bool screen_possible = !options.line_mode && terminal_can_show_screen(&why);
    if (screen_possible) {
        auto screen = CursesScreen::open();
        if (screen) {
            run_screen(controller, **screen);
        } else {
            why = screen.error().message;
            screen_possible = false;
        }
    }  // the screen is closed here, before the controller waits for any job still running
    if (!screen_possible) {
        if (!options.line_mode) std::fprintf(stderr, "bderescue: using line mode (%s).\n", why.c_str());
        run_line_mode(controller, STDIN_FILENO, STDOUT_FILENO);
    }
    log.note(controller.interrupted() ? "ended by Ctrl-C or a signal" : "ended");
    return controller.interrupted() ? exit_code_for(Errc::cancelled) : 0;
}

}  // namespace bde::tui
