import Foundation
import IdxScopeTestSupport
import XCTest

/// The README's record of bad inputs: every row runs the built binary and expects exactly one
/// `idxscope: ` line on stderr, nothing on stdout, the exit status, and no file created. A
/// message ending in "…" is a prefix (it holds a process id). {PG}, {PORT} and {STANDBY} stand
/// for the test server; relative paths are inside a scratch directory of fixtures.
final class HostileInputTests: XCTestCase {
    struct Row {
        let description: String
        let arguments: [String]
        /// Text for stdin; "<dir" redirects stdin from a directory; nil: /dev/null.
        let stdin: String?
        let status: Int32
        let message: String
        init(_ description: String, _ arguments: [String], stdin: String?, status: Int32, _ message: String) {
            self.description = description
            self.arguments = arguments
            self.stdin = stdin
            self.status = status
            self.message = message
        }
    }

    static let sqliteAndCommandLine: [Row] = [
        Row("no target", ["indexes"], stdin: nil, status: 2,
            "no target: give a SQLite file, a postgres:// URI or a conninfo (or --pg for PG* variables)"),
        Row("empty target", ["indexes", ""], stdin: nil, status: 2,
            "no target: give a SQLite file, a postgres:// URI or a conninfo (or --pg for PG* variables)"),
        Row("missing file (never created)", ["indexes", "nosuch.db"], stdin: nil, status: 2,
            "no such file: nosuch.db"),
        Row("missing file via sqlite: prefix", ["indexes", "sqlite:nosuch.db"], stdin: nil, status: 2,
            "no such file: nosuch.db"),
        Row("missing file via file: URI", ["indexes", "file:nosuch.db?mode=ro"], stdin: nil, status: 2,
            "no such file: nosuch.db"),
        Row("file in a missing directory", ["indexes", "no/such/dir/x.db"], stdin: nil, status: 2,
            "no such file: no/such/dir/x.db"),
        Row("`sqlite:` with no path", ["indexes", "sqlite:"], stdin: nil, status: 2,
            "an empty SQLite path names no file"),
        Row("`:memory:`", ["indexes", ":memory:"], stdin: nil, status: 2,
            "no such file: :memory:"),
        Row("in-memory URI", ["indexes", "file:demo.db?mode=memory"], stdin: nil, status: 2,
            "file:demo.db?mode=memory: an in-memory database has nothing to inspect"),
        Row("memdb VFS URI", ["indexes", "file:demo.db?vfs=memdb"], stdin: nil, status: 2,
            "file:demo.db?vfs=memdb: an in-memory database has nothing to inspect"),
        Row("a directory", ["indexes", "dir"], stdin: nil, status: 2,
            "dir is a directory, not a SQLite database file"),
        Row("a FIFO (no hang)", ["indexes", "fifo.db"], stdin: nil, status: 2,
            "fifo.db is a FIFO, not a regular SQLite database file"),
        Row("/dev/null", ["indexes", "/dev/null"], stdin: nil, status: 2,
            "/dev/null is a character device, not a regular SQLite database file"),
        Row("/dev/zero", ["indexes", "/dev/zero"], stdin: nil, status: 2,
            "/dev/zero is a character device, not a regular SQLite database file"),
        Row("an empty file", ["indexes", "empty.db"], stdin: nil, status: 2,
            "empty.db: file is empty, not a database"),
        Row("a text file", ["indexes", "notes.txt"], stdin: nil, status: 2,
            "notes.txt: file is not a database"),
        Row("a truncated database", ["indexes", "trunc.db"], stdin: nil, status: 2,
            "trunc.db: database disk image is malformed"),
        Row("findings on a directory", ["findings", "dir"], stdin: nil, status: 2,
            "dir is a directory, not a SQLite database file"),
        Row("explain on a FIFO", ["explain", "fifo.db", "SELECT 1"], stdin: nil, status: 2,
            "fifo.db is a FIFO, not a regular SQLite database file"),
        Row("`--table` naming no table", ["indexes", "demo.db", "--table", "nosuch"], stdin: nil, status: 2,
            "no indexes on a table named nosuch"),
        Row("unknown `--format`", ["indexes", "demo.db", "--format", "xml"], stdin: nil, status: 2,
            "The value 'xml' is invalid for '--format <format>'. Please provide one of 'table' and 'json'. (see 'idxscope --help')"),
        Row("unknown explain `--format`", ["explain", "demo.db", "SELECT 1", "--format", "yaml"], stdin: nil, status: 2,
            "The value 'yaml' is invalid for '--format <format>'. Please provide one of 'tree' and 'json'. (see 'idxscope --help')"),
        Row("unknown option", ["indexes", "demo.db", "--bogus"], stdin: nil, status: 2,
            "Unknown option '--bogus' (see 'idxscope --help')"),
        Row("extra argument", ["indexes", "demo.db", "extra"], stdin: nil, status: 2,
            "Unexpected argument 'extra' (see 'idxscope --help')"),
        Row("`--exact-bloat` on SQLite", ["indexes", "demo.db", "--exact-bloat", "idx_job_queue"], stdin: nil, status: 2,
            "--exact-bloat needs PostgreSQL with pgstattuple"),
        Row("empty SQL", ["explain", "demo.db", ""], stdin: nil, status: 2,
            "no SQL given"),
        Row("SQL from an empty stdin", ["explain", "demo.db", "-"], stdin: "", status: 2,
            "no SQL given on standard input"),
        Row("two statements", ["explain", "demo.db", "SELECT 1; SELECT 2"], stdin: nil, status: 1,
            "several statements: explain one at a time"),
        Row("syntax error", ["explain", "demo.db", "SELEC"], stdin: nil, status: 1,
            "near \"SELEC\": syntax error"),
        Row("unknown table", ["explain", "demo.db", "SELECT * FROM nosuch"], stdin: nil, status: 1,
            "no such table: nosuch"),
        Row("EXPLAIN given to explain", ["explain", "demo.db", "EXPLAIN SELECT 1"], stdin: nil, status: 1,
            "EXPLAIN lists bytecode; give the statement itself to see its plan"),
        Row("missing SQL argument", ["explain", "demo.db"], stdin: nil, status: 2,
            "Missing expected argument '<sql>' (see 'idxscope --help')"),
        Row("missing `--queries`", ["check", "demo.db"], stdin: nil, status: 2,
            "Missing expected argument '--queries <queries>' (see 'idxscope --help')"),
        Row("`--queries` file missing", ["check", "demo.db", "--queries", "nosuch.sql"], stdin: nil, status: 2,
            "no such file: nosuch.sql"),
        Row("`--queries` a directory", ["check", "demo.db", "--queries", "dir"], stdin: nil, status: 2,
            "dir is a directory, not a file of statements"),
        Row("`--queries` /dev/zero (capped, no memory blow-up)", ["check", "demo.db", "--queries", "/dev/zero"], stdin: nil, status: 2,
            "/dev/zero holds more than 64 MiB of statements"),
        Row("`--queries` a binary file", ["check", "demo.db", "--queries", "demo.db"], stdin: nil, status: 2,
            "demo.db is not a text file of statements (a NUL byte at offset 15)"),
        Row("`--queries` an empty file", ["check", "demo.db", "--queries", "empty.sql"], stdin: nil, status: 2,
            "no statements in empty.sql"),
        Row("`--queries -` with empty stdin", ["check", "demo.db", "--queries", "-"], stdin: "", status: 2,
            "no statements in -"),
        Row("`queries` on SQLite", ["queries", "demo.db"], stdin: nil, status: 2,
            "queries needs PostgreSQL (pg_stat_statements); SQLite keeps no statement statistics"),
        Row("`--limit -5`", ["queries", "demo.db", "--limit", "-5"], stdin: nil, status: 2,
            "--limit must be between 1 and 1000 (got -5)"),
        Row("`--limit 0`", ["queries", "demo.db", "--limit", "0"], stdin: nil, status: 2,
            "--limit must be between 1 and 1000 (got 0)"),
        Row("`--limit abc`", ["queries", "demo.db", "--limit", "abc"], stdin: nil, status: 2,
            "The value 'abc' is invalid for '--limit <limit>' (see 'idxscope --help')"),
        Row("a theme file with a bad colour", ["open", "demo.db", "--theme", "bad.theme"], stdin: nil, status: 2,
            "bad.theme line 1: bad foreground colour 'nocolour'"),
        Row("demo path ending in .sql", ["demo", "x.sql"], stdin: nil, status: 2,
            "x.sql: the demo database needs a name not ending in .sql (its workload goes there)"),
        Row("demo next to a user's .sql", ["demo", "mine.db"], stdin: nil, status: 2,
            "mine.sql exists and is not the demo workload; choose another PATH"),
        Row("demo into a missing directory", ["demo", "no/such/dir/x.db"], stdin: nil, status: 2,
            "cannot open no/such/dir/x.db.tmp-…"),
        Row("TUI without a terminal", ["open", "demo.db"], stdin: nil, status: 2,
            "no terminal; use a sub-command such as 'idxscope indexes TARGET'"),
        Row("unknown word as TARGET", ["nosuchcommand"], stdin: nil, status: 2,
            "'nosuchcommand' is neither a file nor a command (commands: indexes, explain, check, queries, findings, demo, help; a new SQLite file is never created)"),
        Row("stdin is a directory", ["explain", "demo.db", "-"], stdin: "<dir", status: 2,
            "cannot read standard input: Is a directory"),
    ]

    static let postgres: [Row] = [
        Row("several statements", ["explain", "{PG}", "SELECT 1; SELECT 2"], stdin: nil, status: 1,
            "several statements (2) given; explain takes one statement at a time"),
        Row("unknown relation, position in the user's text", ["explain", "{PG}", "SELECT * FROM nosuch"], stdin: nil, status: 1,
            "relation \"nosuch\" does not exist (at character 15 of the statement)"),
        Row("unterminated quote", ["explain", "{PG}", "SELECT 'x"], stdin: nil, status: 1,
            "the SQL ends inside a quoted string that is never closed"),
        Row("unterminated comment", ["explain", "{PG}", "/* open"], stdin: nil, status: 1,
            "the SQL ends inside a /* comment that is never closed"),
        Row("empty SQL", ["explain", "{PG}", ""], stdin: nil, status: 2,
            "no SQL given"),
        Row("type error with the server's hint", ["explain", "{PG}", "SELECT $1::int + $2::text"], stdin: nil, status: 1,
            "operator does not exist: integer + text (at character 16 of the statement) (hint: No operator matches the given name and argument types. You might need to add explicit type casts.)"),
        Row("`--exact-bloat` of a missing index", ["indexes", "{PG}", "--exact-bloat", "nosuch_index"], stdin: nil, status: 2,
            "no such index: nosuch_index"),
        Row("`--table` naming no table", ["indexes", "{PG}", "--table", "nosuch"], stdin: nil, status: 2,
            "no indexes on a table named nosuch"),
        Row("`--limit 1001`", ["queries", "{PG}", "--limit", "1001"], stdin: nil, status: 2,
            "--limit must be between 1 and 1000 (got 1001)"),
        Row("unknown role", ["indexes", "postgresql://nouser@127.0.0.1:{PORT}/postgres"], stdin: nil, status: 2,
            "could not connect to PostgreSQL (postgresql://nouser@127.0.0.1:{PORT}/postgres): connection to server at \"127.0.0.1\", port {PORT} failed: FATAL: role \"nouser\" does not exist"),
        Row("unknown database", ["indexes", "postgresql://postgres@127.0.0.1:{PORT}/nodb"], stdin: nil, status: 2,
            "could not connect to PostgreSQL (postgresql://postgres@127.0.0.1:{PORT}/nodb): connection to server at \"127.0.0.1\", port {PORT} failed: FATAL: database \"nodb\" does not exist"),
        Row("wrong password (never printed)", ["indexes", "postgresql://idxscope_pw:wrong-secret@127.0.0.1:{PORT}/postgres"], stdin: nil, status: 2,
            "could not connect to PostgreSQL (postgresql://idxscope_pw@127.0.0.1:{PORT}/postgres): connection to server at \"127.0.0.1\", port {PORT} failed: FATAL: password authentication failed for user \"idxscope_pw\""),
        Row("malformed URI", ["indexes", "postgresql://[bad"], stdin: nil, status: 2,
            "invalid PostgreSQL target: end of string reached when looking for matching \"]\" in IPv6 host address in URI: \"postgresql://[bad\""),
        Row("unknown URI parameter", ["indexes", "{PG}?badparam=1"], stdin: nil, status: 2,
            "invalid PostgreSQL target: invalid URI query parameter: \"badparam\""),
        Row("port not a number", ["indexes", "host=127.0.0.1 port=notaport dbname=x"], stdin: nil, status: 2,
            "could not connect to PostgreSQL (postgresql://127.0.0.1:notaport/x): invalid integer value \"notaport\" for connection option \"port\""),
        Row("bad session option", ["indexes", "host=127.0.0.1 port={PORT} dbname=postgres user=postgres options='-c statement_timeout=x'"], stdin: nil, status: 2,
            "could not connect to PostgreSQL (postgresql://postgres@127.0.0.1:{PORT}/postgres): connection to server at \"127.0.0.1\", port {PORT} failed: FATAL: invalid value for parameter \"statement_timeout\": \"x\""),
        Row("`sslmode=require` on a server without SSL", ["indexes", "{PG}?sslmode=require"], stdin: nil, status: 2,
            "could not connect to PostgreSQL ({PG}): connection to server at \"127.0.0.1\", port {PORT} failed: server does not support SSL, but SSL was required"),
        Row("`target_session_attrs=standby` on a primary", ["indexes", "{PG}?target_session_attrs=standby"], stdin: nil, status: 2,
            "could not connect to PostgreSQL ({PG}): connection to server at \"127.0.0.1\", port {PORT} failed: server is not in hot standby mode"),
        Row("analyze: setval beside a dummy writable CTE", ["explain", "{PG}", "WITH d AS (DELETE FROM pg_class WHERE false RETURNING 1) SELECT setval(0::regclass, 999999)", "--analyze"], stdin: nil, status: 1,
            "explain --analyze does not run statements that call setval(): its effect outside the transaction would survive the rollback (plain explain shows the plan without running it)"),
        Row("analyze: pg_stat_reset (allowed read-only by the server)", ["explain", "{PG}", "SELECT pg_stat_reset()", "--analyze"], stdin: nil, status: 1,
            "explain --analyze does not run statements that call pg_stat_reset(): its effect outside the transaction would survive the rollback (plain explain shows the plan without running it)"),
        Row("analyze: a session advisory lock", ["explain", "{PG}", "SELECT pg_advisory_lock(1)", "--analyze"], stdin: nil, status: 1,
            "explain --analyze does not run statements that call pg_advisory_lock(): its effect outside the transaction would survive the rollback (plain explain shows the plan without running it)"),
        Row("analyze: pg_terminate_backend", ["explain", "{PG}", "SELECT pg_terminate_backend(0)", "--analyze"], stdin: nil, status: 1,
            "explain --analyze does not run statements that call pg_terminate_backend(): its effect outside the transaction would survive the rollback (plain explain shows the plan without running it)"),
        Row("analyze: a write refused read-only on a standby", ["explain", "{STANDBY}", "DELETE FROM pg_class WHERE false", "--analyze"], stdin: nil, status: 1,
            "explain --analyze runs statements other than INSERT, UPDATE, DELETE and MERGE read-only: cannot execute DELETE in a read-only transaction"),
        Row("`check --queries /dev/null`", ["check", "{PG}", "--queries", "/dev/null"], stdin: nil, status: 2,
            "no statements in /dev/null"),
    ]

    static let network: [Row] = [
        Row("connection refused", ["indexes", "postgresql://u:hunter2@127.0.0.1:1/x"], stdin: nil, status: 2,
            "could not connect to PostgreSQL (postgresql://u@127.0.0.1:1/x): connection to server at \"127.0.0.1\", port 1 failed: Connection refused; Is the server running on that host and accepting TCP/IP connections?"),
        Row("every host refuses (libpq's hint once)", ["indexes", "host=127.0.0.1,127.0.0.2 port=1 dbname=x"], stdin: nil, status: 2,
            "could not connect to PostgreSQL (postgresql://:1/x?host=127.0.0.1,127.0.0.2): connection to server at \"127.0.0.1\", port 1 failed: Connection refused; connection to server at \"127.0.0.2\", port 1 failed: Connection refused; Is the server running on that host and accepting TCP/IP connections?"),
        Row("unknown host name", ["indexes", "postgresql://postgres@nonexistent.invalid/postgres"], stdin: nil, status: 2,
            "could not connect to PostgreSQL (postgresql://postgres@nonexistent.invalid/postgres): could not translate host name \"nonexistent.invalid\" to address: Name or service not known"),
    ]

    private var scratch: TemporaryDirectory!

    override func setUpWithError() throws {
        scratch = try TemporaryDirectory(prefix: "hostile")
        try DemoFixture.copy(into: scratch)
        try FileManager.default.createDirectory(atPath: scratch.path("dir"), withIntermediateDirectories: false)
        try String(repeating: "not a database\n", count: 100).write(toFile: scratch.path("notes.txt"), atomically: false, encoding: .utf8)
        try FileManager.default.copyItem(atPath: scratch.path("demo.db"), toPath: scratch.path("trunc.db"))
        XCTAssertEqual(truncate(scratch.path("trunc.db"), 6_000), 0)
        XCTAssertEqual(mkfifo(scratch.path("fifo.db"), 0o600), 0)
        for empty in ["empty.db", "empty.sql"] { XCTAssertTrue(FileManager.default.createFile(atPath: scratch.path(empty), contents: Data())) }
        try "header = nocolour\n".write(toFile: scratch.path("bad.theme"), atomically: false, encoding: .utf8)
        try "SELECT 1;\n".write(toFile: scratch.path("mine.sql"), atomically: false, encoding: .utf8)
    }

    override func tearDown() { scratch = nil }

    private func check(_ rows: [Row], substitutions: [String: String] = [:], file: StaticString = #filePath, line: UInt = #line) throws {
        func substitute(_ text: String) -> String {
            substitutions.reduce(text) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
        }
        for row in rows {
            let before = Set(try FileManager.default.contentsOfDirectory(atPath: scratch.root))
            let arguments = row.arguments.map(substitute)
            let result: ProcessResult
            if row.stdin == "<dir" {
                // spawn has no working directory: fixture names become paths.
                let paths = arguments.map { FileManager.default.fileExists(atPath: scratch.path($0)) ? scratch.path($0) : $0 }
                result = try ProcessRunner.spawn(["idxscope"] + paths, stdin: .file(scratch.path("dir"), O_RDONLY))
            } else {
                result = try ProcessRunner.idxscope(arguments, stdin: row.stdin, directory: scratch.root, timeout: 30)
            }
            let expected = "idxscope: " + substitute(row.message)
            let label = "\(row.description): \(arguments)\n\(result.describe)"
            XCTAssertEqual(result.status, row.status, label, file: file, line: line)
            if expected.hasSuffix("…") {
                XCTAssertTrue(result.stderr.hasPrefix(String(expected.dropLast())), label, file: file, line: line)
            } else {
                XCTAssertEqual(result.stderr, expected + "\n", label, file: file, line: line)
            }
            XCTAssertEqual(result.stderr.filter { $0 == "\n" }.count, 1, "one line: \(label)", file: file, line: line)
            XCTAssertEqual(result.stdout, "", label, file: file, line: line)
            XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: scratch.root)), before, "files created: \(label)", file: file, line: line)
        }
    }

    func testBadInputsToSQLiteAndTheCommandLine() throws {
        try check(Self.sqliteAndCommandLine)
    }

    func testBadInputsToPostgreSQL() throws {
        let uri = try TestPostgres.uri()
        let port = String(URLComponents(string: uri)?.port ?? 0)
        let standbyFile = "/tmp/idxscope-pg-\(port)/standby.uri"
        let standby = ProcessInfo.processInfo.environment["IDXSCOPE_TEST_PG_STANDBY_URI"]
            ?? (try? String(contentsOfFile: standbyFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if standby.isEmpty { try TestPostgres.missing("no standby (scripts/pg-test-server.sh start writes \(standbyFile))") }
        try check(Self.postgres, substitutions: ["{PG}": uri, "{PORT}": port, "{STANDBY}": standby])
    }

    func testNetworkFaults() throws {
        try check(Self.network)
    }
}
