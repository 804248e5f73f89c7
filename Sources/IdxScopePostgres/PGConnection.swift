import CLibPQ
import Foundation
import IdxScopeCore

/// A libpq connection: runs statements, maps failures to `IdxScopeError`, cancels from any thread.
/// Every statement idxscope writes itself starts with `marker`, so pg_stat_statements can tell
/// idxscope's own work apart (and `topStatements` can leave it out).
final class PGConnection {
    static let marker = "/* idxscope */"

    private let handle: OpaquePointer
    private var cancelHandle: OpaquePointer?
    private let cancelLock = NSLock()
    private var cancelRequested = false
    /// Every password this connection may echo (target, prompt, PGPASSWORD, service file, .pgpass).
    private let secrets: [String]
    /// Statements sent so far (a multi-statement simple query counts each statement).
    private(set) var statementsSent = 0
    /// Queries sent so far (a multi-statement query counts once).
    private(set) var roundTrips = 0
    /// A `check` script ran SET or RESET on this session (undone when the script ends).
    var userSettingsApplied = false

    /// Shown to the user: rebuilt from the live connection, never with a password.
    let displayName: String

    init(target: String, password policy: PasswordPolicy = .never) throws {
        let parsed = try ConnectionTarget(target)
        for (name, value) in ConnectionTarget.environmentDefaults { setenv(name, value, 0) }
        var parameters = parsed.connectParameters()
        var knownSecrets = ConnectionTarget.uriPasswordForms(parsed.target) + [parsed.given["password"]].compactMap { $0 }
        if let fromEnvironment = ProcessInfo.processInfo.environment["PGPASSWORD"] { knownSecrets.append(fromEnvironment) }
        func prompted(_ prompt: String) -> Bool {
            guard let typed = policy.ask(prompt) else { return false }
            parameters.append(("password", typed))
            knownSecrets.append(typed)
            return true
        }
        if policy.when == .always {
            let user = parsed.given["user"] ?? ProcessInfo.processInfo.environment["PGUSER"]
            guard prompted(user.map { "Password for user \($0): " } ?? "Password: ") else {
                throw IdxScopeError(.input, "-W/--password: no terminal to ask for the password on; give it with PGPASSWORD, ~/.pgpass or a service file")
            }
        }
        var connection = try Self.connect(parameters)
        // psql's rule: ask once when the server wants a password that nobody gave.
        if PQstatus(connection) != CONNECTION_OK, PQconnectionNeedsPassword(connection) != 0, policy.when == .whenNeeded {
            let user = PQuser(connection).map { String(cString: $0) } ?? ""
            if prompted("Password for user \(user): ") {
                PQfinish(connection)
                connection = try Self.connect(parameters)
            }
        }
        knownSecrets += Self.passwords(of: connection)
        guard PQstatus(connection) == CONNECTION_OK else {
            // Copy the message before PQfinish frees it; PQfinish is owed even after a failed connect.
            let message = String(cString: PQerrorMessage(connection))
            let needsPassword = PQconnectionNeedsPassword(connection) != 0
            PQfinish(connection)
            // libpq pads severities ("FATAL:  …"); one space reads better on one line.
            var tidied = LibpqMessage.oneLine(message)
            if needsPassword && policy.when != .always {
                tidied += (policy.when == .never ? " (not asked for: -w)" : " (no terminal to ask for it on)")
                    + "; give it with PGPASSWORD, ~/.pgpass or a service file"
            }
            throw IdxScopeError(.input, "could not connect to PostgreSQL (\(ConnectionTarget.scrub(parsed.displayName, secrets: knownSecrets))): "
                                + ConnectionTarget.scrub(tidied, secrets: knownSecrets))
        }
        handle = connection
        secrets = knownSecrets
        // NOTICEs would otherwise go to stderr and smear the TUI.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        cancelHandle = PQgetCancel(connection)
        displayName = ConnectionTarget.scrub(
            ConnectionTarget.uri(host: PQhost(connection).map { String(cString: $0) },
                                 port: PQport(connection).map { String(cString: $0) },
                                 user: PQuser(connection).map { String(cString: $0) },
                                 dbname: PQdb(connection).map { String(cString: $0) }),
            secrets: knownSecrets)
        try applySessionSettings()
    }

    private static func connect(_ parameters: [(String, String)]) throws -> OpaquePointer {
        let keywords = parameters.map { strdup($0.0) } + [nil]
        let values = parameters.map { strdup($0.1) } + [nil]
        defer { (keywords + values).forEach { free($0) } }
        let connection: OpaquePointer? = keywords.withUnsafeBufferPointer { keywordBuffer in
            values.withUnsafeBufferPointer { valueBuffer in
                keywordBuffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: keywords.count) { k in
                    valueBuffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: values.count) { v in
                        PQconnectdbParams(k, v, 1)
                    }
                }
            }
        }
        guard let connection else { throw IdxScopeError(.input, "could not connect to PostgreSQL: out of memory") }
        return connection
    }

    /// The passwords libpq resolved for this connection (service file, .pgpass included).
    private static func passwords(of connection: OpaquePointer) -> [String] {
        var found = [PQpass(connection).map { String(cString: $0) }].compactMap { $0 }
        if let options = PQconninfo(connection) {
            if let password = ConnectionTarget.values(of: options)["password"] { found.append(password) }
            PQconninfoFree(options)
        }
        return found.filter { !$0.isEmpty }
    }

    /// idxscope's session settings, applied after connecting so libpq's target_session_attrs
    /// check saw the server as it is (see `ConnectionTarget.sessionSettingsSQL`).
    func applySessionSettings() throws {
        try execute("\(Self.marker) " + ConnectionTarget.sessionSettingsSQL, failure: .database)
    }

    deinit {
        PQfinish(handle)
        if let cancelHandle { PQfreeCancel(cancelHandle) }
    }

    /// True on a hot standby (reported by the server at connect time and on promotion, PG 14+).
    var isHotStandby: Bool {
        PQparameterStatus(handle, "in_hot_standby").map { String(cString: $0) } == "on"
    }

    // MARK: cancelling

    /// Starts a user-visible call: reconnects (PQreset, same parameters and session settings)
    /// when the server dropped the session, and forgets an earlier cancel request.
    func beginCall() throws {
        if PQstatus(handle) != CONNECTION_OK {
            PQreset(handle)
            guard PQstatus(handle) == CONNECTION_OK else {
                let message = LibpqMessage.oneLine(String(cString: PQerrorMessage(handle)))
                throw IdxScopeError(.database, "PostgreSQL connection lost, reconnecting failed: " + scrubbed(message))
            }
            // The new backend has a new PID and cancel key.
            cancelLock.lock()
            if let cancelHandle { PQfreeCancel(cancelHandle) }
            cancelHandle = PQgetCancel(handle)
            cancelLock.unlock()
            try applySessionSettings()
        }
        cancelLock.lock(); cancelRequested = false; cancelLock.unlock()
    }

    /// Asks the server to cancel the running statement. PQcancel is safe from any thread.
    func cancel() {
        cancelLock.lock()
        defer { cancelLock.unlock() }
        cancelRequested = true
        guard let cancelHandle else { return }
        var errorBuffer = [CChar](repeating: 0, count: 256)
        _ = PQcancel(cancelHandle, &errorBuffer, Int32(errorBuffer.count))
    }

    private var wasCancelled: Bool {
        cancelLock.lock(); defer { cancelLock.unlock() }
        return cancelRequested
    }

    // MARK: running statements

    /// Simple-query protocol: may hold several statements of idxscope's own (never user SQL).
    @discardableResult
    func execute(_ sql: String, failure kind: IdxScopeError.Kind, statementCount: Int = 1) throws -> PGResult {
        statementsSent += statementCount
        roundTrips += 1
        return try check(PQexec(handle, sql), failure: kind)
    }

    /// Simple-query protocol, one round trip, every statement's result kept (PQexec keeps only
    /// the last): for idxscope's own batches, never user SQL. Throws at the first failed
    /// statement (the server skips the rest of the string); the caller ends any open transaction.
    func executeBatch(_ sql: String, failure kind: IdxScopeError.Kind, statementCount: Int) throws -> [PGResult] {
        statementsSent += statementCount
        roundTrips += 1
        guard PQsendQuery(handle, sql) == 1 else {
            throw IdxScopeError(.database, "PostgreSQL connection failed: " + scrubbed(LibpqMessage.oneLine(String(cString: PQerrorMessage(handle)))))
        }
        var results: [PGResult] = []
        var failure: Error?
        // Every result must be read (up to the NULL) before the connection takes another query.
        while let result = PQgetResult(handle) {
            guard failure == nil else { PQclear(result); continue }
            do { results.append(try check(result, failure: kind)) } catch { failure = error }
        }
        if let failure { throw failure }
        return results
    }

    /// Extended protocol: exactly one statement (the server refuses more), parameters as text.
    @discardableResult
    /// `userTextOffset`: where the user's own SQL starts in `sql`, so an error's position points
    /// into what the user wrote rather than into idxscope's EXPLAIN prefix.
    func execute(_ sql: String, parameters: [String?], failure kind: IdxScopeError.Kind, userTextOffset: Int? = nil) throws -> PGResult {
        statementsSent += 1
        roundTrips += 1
        let cStrings = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { cStrings.forEach { free($0) } }
        let result = cStrings.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            buffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) { values in
                PQexecParams(handle, sql, Int32(parameters.count), nil, values.baseAddress, nil, nil, 0)
            }
        }
        return try check(result, failure: kind, userTextOffset: userTextOffset)
    }

    /// Prepares one statement under `name` (extended protocol: one statement only); returns its
    /// parameter count.
    func prepare(name: String, sql: String, failure kind: IdxScopeError.Kind) throws -> Int {
        statementsSent += 1
        roundTrips += 2
        try check(PQprepare(handle, name, sql, 0, nil), failure: kind, userTextOffset: 0)
        let description = try check(PQdescribePrepared(handle, name), failure: kind)
        return Int(PQnparams(description.handle))
    }

    @discardableResult
    private func check(_ result: OpaquePointer?, failure kind: IdxScopeError.Kind, userTextOffset: Int? = nil) throws -> PGResult {
        guard let result else {
            throw IdxScopeError(.database, "PostgreSQL connection failed: " + scrubbed(LibpqMessage.oneLine(String(cString: PQerrorMessage(handle)))))
        }
        let wrapped = PGResult(result)
        let status = PQresultStatus(result)
        if status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK { return wrapped }
        let sqlstate = PQresultErrorField(result, idxscope_pg_diag_sqlstate()).map { String(cString: $0) }
        var message = Self.userFacingMessage(result, userTextOffset: userTextOffset)
        if message.isEmpty { message = LibpqMessage.oneLine(String(cString: PQerrorMessage(handle))) }
        message = message.replacingOccurrences(of: "ERROR:  ", with: "").replacingOccurrences(of: ":  ", with: ": ")
        if sqlstate == "57014" && wasCancelled {
            throw IdxScopeError(.cancelled, "cancelled", code: sqlstate)
        }
        if PQstatus(handle) != CONNECTION_OK {
            throw IdxScopeError(.database, "PostgreSQL connection lost: " + scrubbed(message), code: sqlstate)
        }
        throw IdxScopeError(kind, scrubbed(message), code: sqlstate)
    }

    /// The server's primary message, detail and hint, without libpq's "LINE 1: …" echo of the
    /// statement (which would show idxscope's EXPLAIN prefix); the position is given relative to
    /// the user's text when we know where it starts.
    private static func userFacingMessage(_ result: OpaquePointer, userTextOffset: Int?) -> String {
        func field(_ code: Character) -> String? {
            PQresultErrorField(result, Int32(code.asciiValue!)).map { String(cString: $0) }
        }
        guard let primary = field("M") else { return PQresultErrorMessage(result).map { String(cString: $0) } ?? "" }
        var message = primary
        if let offset = userTextOffset, let position = field("P").flatMap(Int.init), position - offset > 0 {
            message += " (at character \(position - offset) of the statement)"
        }
        if let detail = field("D") { message += "; " + detail }
        if let hint = field("H") { message += " (hint: " + hint + ")" }
        return message
    }

    private func scrubbed(_ message: String) -> String { ConnectionTarget.scrub(message, secrets: secrets) }

    /// A result's only value (EXPLAIN's JSON, a scalar).
    static func singleValue(_ result: PGResult) -> String? {
        result.rowCount > 0 && PQnfields(result.handle) > 0 ? result.string(0, 0) : nil
    }
}
