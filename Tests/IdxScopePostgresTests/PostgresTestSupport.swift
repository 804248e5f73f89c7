import CLibPQ
import Foundation
import IdxScopeCore
import IdxScopeTestSupport
import XCTest

/// The real server the tests use (`TestPostgres.uri()`, one rule for a missing server) and helpers.
enum TestServer {
    static func uri() throws -> String { try TestPostgres.uri() }

    /// The server's URI with some parameters replaced, as a key=value conninfo.
    static func conninfo(_ uri: String, database: String? = nil, user: String? = nil, password: String? = nil,
                         port: String? = nil) -> String {
        let components = URLComponents(string: uri)
        var values: [(String, String?)] = [
            ("host", components?.host ?? components?.queryItems?.first { $0.name == "host" }?.value),
            ("port", port ?? components?.port.map(String.init)),
            ("user", user ?? components?.user),
            ("password", password ?? components?.password),
            ("dbname", database ?? components.map { String($0.path.dropFirst()) }),
        ]
        values = values.filter { $0.1?.isEmpty == false }
        return values.map { "\($0.0)='\(escape($0.1!))'" }.joined(separator: " ")
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
    }

    /// Unique per process and call, so concurrent runs never share objects.
    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
    }
}

/// A read-write libpq connection for building fixtures (the inspector itself is read-only).
final class AdminConnection {
    private let handle: OpaquePointer

    /// `target` goes to libpq as is (URI or conninfo).
    init(_ target: String) throws {
        let keywords = [strdup("dbname"), strdup("application_name"), nil]
        let values = [strdup(target), strdup("idxscope-tests"), nil]
        defer { (keywords + values).forEach { free($0) } }
        let connection = keywords.withUnsafeBufferPointer { keywordBuffer in
            values.withUnsafeBufferPointer { valueBuffer in
                keywordBuffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) { k in
                    valueBuffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) { v in
                        PQconnectdbParams(k.baseAddress, v.baseAddress, 1)
                    }
                }
            }
        }
        guard let connection, PQstatus(connection) == CONNECTION_OK else {
            let message = connection.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
            if let connection { PQfinish(connection) }
            throw IdxScopeError(.input, "test connection failed: \(message)")
        }
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        handle = connection
    }

    deinit { PQfinish(handle) }

    /// Runs `sql` (several statements allowed) and returns the last result's rows as text.
    @discardableResult
    func execute(_ sql: String) throws -> [[String?]] {
        guard let result = PQexec(handle, sql) else { throw IdxScopeError(.database, "no result for: \(sql)") }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else {
            throw IdxScopeError(.database, "fixture SQL failed: \(String(cString: PQresultErrorMessage(result))) in: \(sql.prefix(300))")
        }
        return (0..<PQntuples(result)).map { row in
            (0..<PQnfields(result)).map { column in
                PQgetisnull(result, row, column) != 0 ? nil : String(cString: PQgetvalue(result, row, column))
            }
        }
    }

    /// The first value of the first row.
    func scalar(_ sql: String) throws -> String? {
        try execute(sql).first?.first ?? nil
    }

    /// Runs a statement that should fail (fixtures like an invalid index); returns its error or nil.
    func executeExpectingFailure(_ sql: String) -> String? {
        guard let result = PQexec(handle, sql) else { return "no result" }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        return status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK ? nil : String(cString: PQresultErrorMessage(result))
    }
}

/// A schema of its own for one test, dropped afterwards.
final class ScratchSchema {
    let admin: AdminConnection
    let name: String
    let uri: String

    init(prefix: String = "idxscope_t") throws {
        uri = try TestServer.uri()
        admin = try AdminConnection(uri)
        name = TestServer.uniqueName(prefix)
        try admin.execute("CREATE SCHEMA \(quoted)")
    }

    /// A given name (spaces and quotes welcome), made unique with a suffix.
    init(namePrefix: String) throws {
        uri = try TestServer.uri()
        admin = try AdminConnection(uri)
        name = namePrefix + " \(getpid())_\(UInt32.random(in: 0...UInt32.max))"
        try admin.execute("CREATE SCHEMA \(quoted)")
    }

    var quoted: String { quoteIdentifier(name) }

    /// SQL literal of the schema name.
    var literal: String { "'" + name.replacingOccurrences(of: "'", with: "''") + "'" }

    func drop() { _ = try? admin.execute("DROP SCHEMA IF EXISTS \(quoted) CASCADE") }
}

func quoteIdentifier(_ name: String) -> String {
    "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

/// A database of its own (pg_stat_statements counts are per database; the catalog sees only it).
final class ScratchDatabase {
    let name: String
    let conninfo: String
    let admin: AdminConnection
    private let serverAdmin: AdminConnection

    init() throws {
        let serverURI = try TestServer.uri()
        serverAdmin = try AdminConnection(serverURI)
        name = TestServer.uniqueName("idxscope_db")
        try serverAdmin.execute("CREATE DATABASE \(name)")
        conninfo = TestServer.conninfo(serverURI, database: name)
        admin = try AdminConnection(conninfo)
    }

    func drop() { _ = try? serverAdmin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
}

extension Catalog {
    func indexes(inSchema schema: String) -> [IndexRecord] { indexes.filter { $0.info.schema == schema } }
    func index(_ schema: String, _ name: String) -> IndexRecord? {
        indexes.first { $0.info.schema == schema && $0.info.name == name }
    }
}

/// Polls pg_stat_user_indexes until the counters arrive (the server publishes them when the
/// writing backend goes idle); fails with what it saw after 15 s.
func waitForIndexScans(uri: String, schema: String, index: String, atLeast minimum: Int64) throws {
    let observer = try AdminConnection(uri)
    let deadline = Date().addingTimeInterval(15)
    var seen: String?
    while Date() < deadline {
        seen = try observer.scalar("""
            SELECT idx_scan FROM pg_stat_user_indexes
             WHERE schemaname = '\(schema.replacingOccurrences(of: "'", with: "''"))' AND indexrelname = '\(index)'
            """)
        if let seen, let scans = Int64(seen), scans >= minimum { return }
        Thread.sleep(forTimeInterval: 0.1)
    }
    XCTFail("\(index): idx_scan stayed \(seen ?? "NULL") (wanted ≥ \(minimum)) for 15 s")
}
