import Foundation
import XCTest

/// Runs the built `idxscope` (or another tool) as a child process with a deadline.
struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
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
