import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a child process left: its exit status and its stdout and stderr, kept apart.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }

    public var describe: String { "exit \(status)\n--- stdout ---\n\(stdout)\n--- stderr ---\n\(stderr)" }
}

public struct ProcessRunnerError: Error, CustomStringConvertible {
    public var description: String
}

/// The one process runner of the test suites: posix_spawnp + waitpid with stdout and stderr in
/// temporary files. Foundation's Process waits for a socketpair that every grandchild inherits
/// (tmux's server, pg_ctl's postmaster), so it never returns for them.
public enum ProcessRunner {
    /// Runs the built `idxscope` with NO_COLOR cleared and COLUMNS=100 (then `environment`).
    public static func idxscope(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
                                directory: String? = nil, timeout: TimeInterval = 60) throws -> ProcessResult {
        var values = ProcessInfo.processInfo.environment
        values["NO_COLOR"] = nil
        values["COLUMNS"] = "100"
        values.merge(environment) { _, new in new }
        return try run(try BuiltBinary.path("idxscope"), arguments, stdin: stdin, environment: values, inheritEnvironment: false,
                       directory: directory, timeout: timeout)
    }

    /// Runs `executable` (a path, or a name looked up on PATH) with this process's environment
    /// plus `environment` (or `environment` alone when `inheritEnvironment` is false). Past
    /// `timeout` the child is killed and the error carries what it had written.
    public static func run(_ executable: String, _ arguments: [String], stdin: String? = nil,
                           environment: [String: String] = [:], inheritEnvironment: Bool = true,
                           directory: String? = nil, timeout: TimeInterval = 60) throws -> ProcessResult {
        let scratch = try TemporaryDirectory(prefix: "run")
        let outPath = scratch.path("stdout"), errPath = scratch.path("stderr")
        var inPath = "/dev/null"
        if let stdin {
            inPath = scratch.path("stdin")
            try stdin.write(toFile: inPath, atomically: false, encoding: .utf8)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // glibc's posix_spawn_file_actions_addchdir_np is not imported: a shell changes directory, then execs.
        let command = directory.map { ["/bin/sh", "-c", #"cd -- "$1" || exit 127; shift; exec "$@""#, "sh", $0, executable] } ?? [executable]
        let argv = (command + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let values = inheritEnvironment ? ProcessInfo.processInfo.environment.merging(environment) { _, new in new } : environment
        let env = values.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { env.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, command[0], &actions, nil, argv, env)
        guard spawned == 0 else {
            throw ProcessRunnerError(description: "cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        func read(_ path: String) -> String {
            (try? Data(contentsOf: URL(fileURLWithPath: path))).map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
        while waitpid(pid, &status, WNOHANG) != pid {
            if Date() > deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                throw ProcessRunnerError(description: "\(executable) \(arguments) still running after \(timeout) s\n"
                    + "--- stdout ---\n\(read(outPath))\n--- stderr ---\n\(read(errPath))")
            }
            usleep(5_000)
        }
        // WIFEXITED / WEXITSTATUS are macros: decode by hand (a signal reads as 128 + its number).
        let exitStatus: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return ProcessResult(status: exitStatus, stdout: read(outPath), stderr: read(errPath))
    }
}
