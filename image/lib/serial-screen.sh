# The guest's serial console as a technician sees it (sourced): the serial log is replayed into an 80x24 tmux
# terminal (the size the program assumes on ttyS0, TERM=vt220), so tests read the screen as drawn, after
# ncurses' partial redraws, instead of searching the raw byte stream. Needs qemu.sh's start_guest first.
SCREEN_TMUX=""

# screen_start LOG: starts the terminal replaying LOG (and everything appended to it).
screen_start() {
  SCREEN_TMUX=bderescue-screen-$$
  # raw: the guest's tty already turns line feeds into CR LF; the program's own cursor moves pass unchanged.
  tmux -L "$SCREEN_TMUX" -f /dev/null new-session -d -x 80 -y 24 "stty raw -echo; exec tail -c +1 -f '$1'"
}

screen_stop() {
  [ -n "$SCREEN_TMUX" ] && tmux -L "$SCREEN_TMUX" kill-server 2>/dev/null
  SCREEN_TMUX=""
}

# screen_text: the terminal's 24 lines as they are now.
screen_text() { tmux -L "$SCREEN_TMUX" capture-pane -p -t 0; }

# screen_wait TIMEOUT PATTERN: true once the screen shows the extended regex PATTERN; false when TIMEOUT seconds
# pass or the guest stops.
screen_wait() {
  local timeout=$1 pattern=$2 t0=$SECONDS
  while [ $((SECONDS - t0)) -lt "$timeout" ]; do
    screen_text | grep -E -- "$pattern" >/dev/null && return 0
    kill -0 "$QEMU_PID" 2>/dev/null || return 1
    sleep 1
  done
  return 1
}
