import Foundation
import XCTest

/// Runs the built `idxscope` (or another tool) as a child process with a deadline.
struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
    /// Peak resident memory of the child (ru_maxrss), where the runner measured it.
    var peakResidentKiB = 0
    var describe: String { "exit \(status)\n--- stdout ---\n\(stdout)\n--- stderr ---\n\(stderr)" }
}

enum ProcessRunner {
    /// .build/debug/idxscope, found from this file's location (the tests run after `swift build`).
    static var binary: String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for candidate in [".build/debug/idxscope", ".build/x86_64-unknown-linux-gnu/debug/idxscope"] {
            let path = root.appendingPathComponent(candidate).path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return root.appendingPathComponent(".build/debug/idxscope").path
    }

    static func idxscope(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
                         directory: String? = nil, timeout: TimeInterval = 60) throws -> ProcessResult {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw NSError(domain: "ProcessRunner", code: 3, userInfo: [NSLocalizedDescriptionKey:
                "\(binary) is missing: run `swift build` before `swift test` (scripts/test.sh does)"])
        }
        return try run(binary, arguments, stdin: stdin, environment: environment, directory: directory, timeout: timeout)
    }

    static func run(_ executable: String, _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
                    directory: String? = nil, timeout: TimeInterval = 60) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable.hasPrefix("/") ? executable : try which(executable))
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = nil
        env["COLUMNS"] = "100"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin == nil ? FileHandle(forReadingAtPath: "/dev/null") : input
        // Read both pipes concurrently so a large output never blocks the child.
        var outData = Data(), errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try? input.fileHandleForWriting.close()
        }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            group.wait()
            throw NSError(domain: "ProcessRunner", code: 1, userInfo: [NSLocalizedDescriptionKey:
                "\(executable) \(arguments) still running after \(timeout) s; stdout: \(String(decoding: outData, as: UTF8.self)) stderr: \(String(decoding: errData, as: UTF8.self))"])
        }
        process.waitUntilExit()
        group.wait()
        return ProcessResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }

    static func which(_ name: String) throws -> String {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw NSError(domain: "ProcessRunner", code: 2, userInfo: [NSLocalizedDescriptionKey: "\(name) not on PATH"])
    }
}

/// What a spawned child's descriptor 0, 1 or 2 is: a file opened with flags, closed, or a pipe
/// whose reading end is already closed.
enum ChildStream {
    case file(String, Int32)
    case closed
    case pipeWithoutReader
}

extension ProcessRunner {
    /// Runs `arguments` with posix_spawn and the given descriptors (Foundation's Process cannot
    /// close one); SIGPIPE ignored when `ignoreSIGPIPE`. Output not redirected elsewhere goes to
    /// temporary files and comes back in the result. Bounded by `timeout`.
    static func spawn(_ arguments: [String], stdin: ChildStream = .file("/dev/null", O_RDONLY), stdout: ChildStream? = nil,
                      stderr: ChildStream? = nil, ignoreSIGPIPE: Bool = false, timeout: TimeInterval = 30) throws -> ProcessResult {
        let scratch = NSTemporaryDirectory() + "idxscope-spawn-\(UUID().uuidString)"
        let outPath = scratch + ".out", errPath = scratch + ".err"
        defer { unlink(outPath); unlink(errPath) }
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
                guard pipe(&ends) == 0 else { throw NSError(domain: "ProcessRunner", code: 4) }
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
        let executable = arguments[0] == "idxscope" ? binary : try which(arguments[0])
        let argv = ([executable] + arguments.dropFirst()).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = nil
        environment["COLUMNS"] = "100"
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw NSError(domain: "ProcessRunner", code: Int(spawned)) }
        pipeEnds.forEach { close($0) }
        pipeEnds = []
        var status: Int32 = 0
        var usage = rusage()
        let deadline = Date().addingTimeInterval(timeout)
        while wait4(pid, &status, WNOHANG, &usage) == 0 {
            if Date() > deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                throw NSError(domain: "ProcessRunner", code: 1, userInfo: [NSLocalizedDescriptionKey:
                    "\(arguments) still running after \(timeout) s; stderr: \((try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")"])
            }
            usleep(5_000)
        }
        // Exit status, or 128 + signal as a shell reports it.
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return ProcessResult(status: exitStatus, stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                             stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "", peakResidentKiB: usage.ru_maxrss)
    }
}
