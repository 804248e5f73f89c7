import Foundation
import IdxScopeCore
import IdxScopePostgres
import IdxScopeSQLite

/// Picks the engine from the target; the only place that names both engines.
enum Connect {
    /// `also`: replicas whose usage counters are added to the target's (PostgreSQL only).
    /// `printsSQL`: the command shows generated SQL, so the server's keyword list is read first
    /// (SQLite's comes from the library, free).
    /// `cancelOnInterrupt`: Ctrl-C cancels the running statement, then exits (sub-commands).
    static func open(_ target: String?, options: GlobalOptions, also: [String] = [], printsSQL: Bool = false,
                     cancelOnInterrupt: Bool = true) throws -> any Inspector {
        let inspector: any Inspector
        switch try Target.parse(target, preferPostgres: options.pg) {
        case .sqlite(let path):
            guard also.isEmpty else {
                throw IdxScopeError(.input, "--also needs a PostgreSQL target (SQLite keeps no usage counters to merge)")
            }
            inspector = try SQLiteInspector(path: path)
        case .postgres(let conninfo):
            let replicas = try also.map { replica in
                // A replica is always PostgreSQL: any text is a conninfo, never a file name.
                guard case .postgres(let conninfo) = try Target.parse(replica, preferPostgres: true), !conninfo.isEmpty else {
                    throw IdxScopeError(.input, "--also needs a postgres:// URI or a conninfo")
                }
                return conninfo
            }
            let postgres = try PostgresInspector(conninfo: conninfo, replicas: replicas,
                                                 password: PasswordPrompt.policy(force: options.forcePasswordPrompt, never: options.neverPromptPassword))
            if printsSQL { try postgres.registerKeywords() }
            inspector = postgres
        }
        if cancelOnInterrupt { InterruptCancels.install(for: inspector) }
        return inspector
    }

    /// Seconds between attempts while a writer holds a SQLite file locked at start.
    static let lockRetrySeconds = 3

    /// The TUI's open: a SQLite file a writer holds locked (beyond the 2 s busy timeout) is
    /// retried with a countdown on the terminal until the writer lets go; Ctrl-C gives up (the
    /// terminal is not in the UI's mode yet). Any other failure is thrown at once.
    static func waitingForWriter(on target: String?, _ open: () throws -> any Inspector) throws -> any Inspector {
        var attempts = 0
        while true {
            do {
                let inspector = try open()
                if attempts > 0 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                return inspector
            } catch let error as IdxScopeError where SQLiteInspector.isLockedByWriter(error) {
                attempts += 1
                for remaining in stride(from: lockRetrySeconds, to: 0, by: -1) {
                    let line = "idxscope: \(target ?? "the database") is locked by a writer; retry \(attempts + 1) in \(remaining) s (Ctrl-C gives up)"
                    FileHandle.standardError.write(Data(("\r\u{1B}[K" + line.escapingControlCharacters()).utf8))
                    sleep(1)
                }
            }
        }
    }

    /// The built-in demo database, created on first use under $XDG_CACHE_HOME/idxscope/.
    static func demoDatabasePath() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let cacheHome = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSTemporaryDirectory()) + "/.cache"
        let directory = cacheHome + "/idxscope"
        let path = directory + "/demo-\(IdxScope.version).db"
        if FileManager.default.fileExists(atPath: path) { return path }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw IdxScopeError(.input, "cannot create \(directory): \(error.localizedDescription)")
        }
        try DemoDatabase.write(to: path)
        return path
    }
}
