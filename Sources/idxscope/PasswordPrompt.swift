import Foundation
import IdxScopePostgres

/// psql's password prompt: the prompt and the typing on the controlling terminal (/dev/tty), echo
/// off, so a password never lands on stdout, in a pipe or in a file. No terminal: nil (the caller
/// reports one line instead of waiting).
enum PasswordPrompt {
    static func policy(force: Bool, never: Bool) -> PasswordPolicy {
        PasswordPolicy(when: never ? .never : force ? .always : .whenNeeded, ask: ask)
    }

    static func ask(_ prompt: String) -> String? {
        let tty = open("/dev/tty", O_RDWR | O_NOCTTY)
        guard tty >= 0 else { return nil }
        defer { close(tty) }
        guard isatty(tty) != 0 else { return nil }
        var saved = termios()
        guard tcgetattr(tty, &saved) == 0 else { return nil }
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        silent.c_lflag |= tcflag_t(ECHONL)
        _ = prompt.withCString { write(tty, $0, strlen($0)) }
        guard tcsetattr(tty, TCSAFLUSH, &silent) == 0 else { return nil }
        // Ctrl-C while typing: the terminal gets its echo back before the process ends.
        restoreOnSignal = (tty, saved)
        let previous = signal(SIGINT) { _ in
            if let (fd, settings) = PasswordPrompt.restoreOnSignal { var s = settings; tcsetattr(fd, TCSAFLUSH, &s) }
            _exit(130)
        }
        defer {
            tcsetattr(tty, TCSAFLUSH, &saved)
            signal(SIGINT, previous)
            restoreOnSignal = nil
        }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while read(tty, &byte, 1) == 1, byte != UInt8(ascii: "\n") { bytes.append(byte) }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    nonisolated(unsafe) static var restoreOnSignal: (Int32, termios)?
}
