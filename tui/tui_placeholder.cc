// Empty until the TUI lands (keeps the bdetui target buildable).
