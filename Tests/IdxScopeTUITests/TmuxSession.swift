import Foundation
import IdxScopeTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// One private tmux server (own socket and config) running the built binary.
final class TmuxSession {
    let directory: URL
    let socket: String
    let config: String
    private(set) var lastScreen = ""

    init(directory: URL) throws {
        self.directory = directory
        socket = directory.appendingPathComponent("tmux.sock").path
        config = directory.appendingPathComponent("tmux.conf").path
        // remain-on-exit keeps the pane (and what the program left on it) after it exits.
        try """
        set -g default-terminal "xterm-256color"
        set -g status off
        set -g remain-on-exit on
        set -g history-limit 1000
        set -g set-clipboard on
        """.write(toFile: config, atomically: true, encoding: .utf8)
    }

    @discardableResult
    func tmux(_ arguments: String...) -> ProcessResult { tmux(arguments) }

    func start(_ command: String, width: Int = 120, height: Int = 40) -> ProcessResult {
        tmux("new-session", "-d", "-x", "\(width)", "-y", "\(height)", "-s", "e2e", command)
    }

    func capture(escapes: Bool = false) -> String {
        let result = escapes ? tmux("capture-pane", "-p", "-e", "-t", "e2e") : tmux("capture-pane", "-p", "-t", "e2e")
        lastScreen = result.stdout
        return result.stdout
    }

    func keys(_ keys: String...) { tmux(["send-keys", "-t", "e2e"] + keys) }
    func type(_ text: String) { tmux("send-keys", "-t", "e2e", "-l", text) }

    /// tmux through the shared runner; a failure to run it reads as a failed command.
    @discardableResult
    private func tmux(_ arguments: [String]) -> ProcessResult {
        do { return try ProcessRunner.run("tmux", ["-S", socket, "-f", config] + arguments, timeout: 20) }
        catch { return ProcessResult(status: -1, stdout: "", stderr: "\(error)") }
    }

    /// Polls the pane until `condition` holds or the deadline passes; nudges the server with
    /// SIGCHLD (Debian's tmux may miss its child's exit).
    func waitFor(_ what: String, timeout: TimeInterval = 15, escapes: Bool = false, _ condition: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(capture(escapes: escapes)) { return true }
            let pid = tmux("display-message", "-p", "-t", "e2e", "#{pid}").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            if let serverPid = pid_t(pid) { kill(serverPid, SIGCHLD) }
            usleep(50_000)
        }
        print("timed out waiting for \(what); last screen:\n\(lastScreen)")
        return false
    }

    /// Pastes `text` as a user would: into a tmux buffer, then paste-buffer (`bracketed`: -p,
    /// wrapped in ESC[200~ … ESC[201~ when the program asked for it).
    func paste(_ text: String, bracketed: Bool) throws {
        let file = directory.appendingPathComponent("paste-\(UUID().uuidString).txt").path
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        tmux("load-buffer", "-b", "e2e", file)
        tmux(bracketed ? ["paste-buffer", "-p", "-b", "e2e", "-t", "e2e"] : ["paste-buffer", "-b", "e2e", "-t", "e2e"])
    }

    func stopServer() { tmux("kill-server") }
}
