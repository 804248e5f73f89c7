import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program with posix_spawnp + waitpid, output to a temporary file. Foundation's Process
/// waits for a socketpair that tmux's server (a grandchild) inherits, so it never returns.
struct ProcessRunner {
    struct Result {
        var status: Int32
        var output: String
    }

    static func run(_ arguments: [String], environment: [String: String]? = nil, stdinPath: String = "/dev/null",
                    timeout: TimeInterval = 20) -> Result {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("idxscope-run-\(UUID().uuidString)").path
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let env = (environment ?? ProcessInfo.processInfo.environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { env.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], &actions, nil, argv, env)
        guard spawned == 0 else { return Result(status: -1, output: "spawn \(arguments[0]) failed: \(String(cString: strerror(spawned)))") }
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while true {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { break }
            if Date() > deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
                return Result(status: -2, output: "timed out after \(timeout) s: \(arguments.joined(separator: " "))\n\(output)")
            }
            usleep(10_000)
        }
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // WIFEXITED / WEXITSTATUS are macros: decode by hand.
        let exitStatus: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(status: exitStatus, output: output)
    }
}

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
        """.write(toFile: config, atomically: true, encoding: .utf8)
    }

    @discardableResult
    func tmux(_ arguments: String...) -> ProcessRunner.Result {
        ProcessRunner.run(["tmux", "-S", socket, "-f", config] + arguments)
    }

    func start(_ command: String, width: Int = 120, height: Int = 40) -> ProcessRunner.Result {
        tmux("new-session", "-d", "-x", "\(width)", "-y", "\(height)", "-s", "e2e", command)
    }

    func capture(escapes: Bool = false) -> String {
        let result = escapes ? tmux("capture-pane", "-p", "-e", "-t", "e2e") : tmux("capture-pane", "-p", "-t", "e2e")
        lastScreen = result.output
        return result.output
    }

    func keys(_ keys: String...) { tmux(["send-keys", "-t", "e2e"] + keys) }
    func type(_ text: String) { tmux("send-keys", "-t", "e2e", "-l", text) }

    private func tmux(_ arguments: [String]) {
        ProcessRunner.run(["tmux", "-S", socket, "-f", config] + arguments)
    }

    /// Polls the pane until `condition` holds or the deadline passes; nudges the server with
    /// SIGCHLD (Debian's tmux may miss its child's exit).
    func waitFor(_ what: String, timeout: TimeInterval = 15, escapes: Bool = false, _ condition: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(capture(escapes: escapes)) { return true }
            let pid = tmux("display-message", "-p", "-t", "e2e", "#{pid}").output.trimmingCharacters(in: .whitespacesAndNewlines)
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
