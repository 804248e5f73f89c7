import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a child process left: its exit status and its stdout and stderr, kept apart.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// Peak resident memory of the child (ru_maxrss) where the runner measured it (`spawn`), else 0.
    public var peakResidentKiB: Int
    public init(status: Int32, stdout: String, stderr: String, peakResidentKiB: Int = 0) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
        self.peakResidentKiB = peakResidentKiB
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

/// What a spawned child's descriptor 0, 1 or 2 is: a file opened with flags, closed, or a pipe
/// whose reading end is already closed.
public enum ChildStream {
    case file(String, Int32)
    case closed
    case pipeWithoutReader
}

extension ProcessRunner {
    /// Runs `arguments` with posix_spawn and the given descriptors (Foundation's Process cannot
    /// close one); SIGPIPE ignored when `ignoreSIGPIPE`. Output not redirected elsewhere goes to
    /// temporary files and comes back in the result. Bounded by `timeout`.
    public static func spawn(_ arguments: [String], stdin: ChildStream = .file("/dev/null", O_RDONLY), stdout: ChildStream? = nil,
                      stderr: ChildStream? = nil, ignoreSIGPIPE: Bool = false, timeout: TimeInterval = 30) throws -> ProcessResult {
        let scratch = try TemporaryDirectory(prefix: "spawn")
        let outPath = scratch.path("stdout"), errPath = scratch.path("stderr")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var pipeEnds: [Int32] = []
        defer { pipeEnds.forEach { close($0) } }
        let streams: [(Int32, ChildStream)] = [
            (0, stdin),
            (1, stdout ?? .file(outPath, O_WRONLY | O_CREAT | O_TRUNC)),
            (2, stderr ?? .file(errPath, O_WRONLY | O_CREAT | O_TRUNC)),
        ]
        for (descriptor, stream) in streams {
            switch stream {
            case .file(let path, let flags): posix_spawn_file_actions_addopen(&actions, descriptor, path, flags, 0o600)
            case .closed: posix_spawn_file_actions_addclose(&actions, descriptor)
            case .pipeWithoutReader:
                var ends: [Int32] = [0, 0]
                guard pipe(&ends) == 0 else { throw ProcessRunnerError(description: "pipe: \(String(cString: strerror(errno)))") }
                close(ends[0])
                pipeEnds.append(ends[1])
                posix_spawn_file_actions_adddup2(&actions, ends[1], descriptor)
            }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        if !ignoreSIGPIPE { sigaddset(&defaults, SIGPIPE) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))
        let previous = signal(SIGPIPE, SIG_IGN)  // ignored dispositions are inherited
        defer { signal(SIGPIPE, previous) }
        let executable = arguments[0] == "idxscope" ? try BuiltBinary.path("idxscope") : arguments[0]
        let argv = ([executable] + arguments.dropFirst()).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = nil
        environment["COLUMNS"] = "100"
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw ProcessRunnerError(description: "cannot start \(executable): \(String(cString: strerror(spawned)))") }
        pipeEnds.forEach { close($0) }
        pipeEnds = []
        var status: Int32 = 0
        var usage = rusage()
        let deadline = Date().addingTimeInterval(timeout)
        // The child's own peak, read from /proc while it runs: posix_spawn starts it inside this
        // process's memory (CLONE_VM), and Linux keeps that high-water mark in ru_maxrss across
        // execve, so ru_maxrss reports the test runner's size, not the child's.
        var peakKiB = 0
        while wait4(pid, &status, WNOHANG, &usage) == 0 {
            peakKiB = max(peakKiB, Self.highWaterKiB(pid))
            if Date() > deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                throw ProcessRunnerError(description:
                    "\(arguments) still running after \(timeout) s; stderr: \((try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")")
            }
            usleep(5_000)
        }
        // Exit status, or 128 + signal as a shell reports it.
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return ProcessResult(status: exitStatus, stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                             stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "",
                             peakResidentKiB: peakKiB > 0 ? peakKiB : usage.ru_maxrss)
    }

    /// VmHWM of a running process (its own address space's peak), 0 when it cannot be read.
    static func highWaterKiB(_ pid: pid_t) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
    }
}
