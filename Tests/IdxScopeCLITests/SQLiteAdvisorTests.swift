import Foundation
import IdxScopeTestSupport
import XCTest

/// The advisor on real SQLite files, with the sqlite3 shell's `.expert` as the oracle: idxscope's
/// suggestions remove every full scan `.expert` removes (statement by statement), with no more
/// indexes, each used by a plan once built for real in a copy; the inspected file is never written.
final class SQLiteAdvisorTests: XCTestCase {
    private var scratch: TemporaryDirectory!
    private var directory: String { scratch.root }
    private var database: String { directory + "/app.db" }
    private var workloadPath: String { directory + "/workload.sql" }

    static let schema = """
        CREATE TABLE users(id INTEGER PRIMARY KEY, email TEXT, name TEXT);
        CREATE TABLE experiments(id INTEGER PRIMARY KEY, owner_id INTEGER REFERENCES users(id), slug TEXT, title TEXT, created_at INTEGER);
        CREATE TABLE comments(id INTEGER PRIMARY KEY, experiment_id INTEGER REFERENCES experiments(id),
                              user_id INTEGER REFERENCES users(id), body TEXT, created_at INTEGER);
        CREATE INDEX comments_user ON comments(user_id);
        CREATE INDEX experiments_slug_unused ON experiments(slug, title);
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
        INSERT INTO users SELECT i, 'u' || i || '@x.org', 'name' || (i % 500) FROM n;
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
        INSERT INTO experiments SELECT i, 1 + i % 2000, 'slug' || i, 'title' || i, i * 10 FROM n;
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
        INSERT INTO comments SELECT i, 1 + i % 5000, 1 + i % 2000, 'body' || (i % 300), i FROM n;
        ANALYZE;
        """

    /// Plain statements (the .expert oracle gets each one alone).
    static let statements = [
        "SELECT * FROM comments WHERE experiment_id = ?",
        "SELECT id, body FROM comments WHERE experiment_id = ?2 AND body = :body",
        "SELECT * FROM users WHERE email = ?",
        "SELECT * FROM comments WHERE user_id = ? ORDER BY created_at DESC LIMIT 10",
        "SELECT * FROM experiments WHERE owner_id = ? AND created_at > ?",
        "SELECT u.name, c.body FROM users AS u JOIN comments AS c ON c.user_id = u.id WHERE u.name = ?",
        "SELECT count(*) FROM comments WHERE created_at BETWEEN ? AND ?",
        "UPDATE experiments SET title = ? WHERE slug = ?",
        "DELETE FROM comments WHERE experiment_id = ? AND created_at < ?",
        "SELECT e.title, count(*) FROM experiments e JOIN comments c ON c.experiment_id = e.id WHERE e.owner_id = ? GROUP BY e.title",
        "INSERT INTO users (email, name) VALUES (?, ?)",
    ]

    override func setUpWithError() throws {
        scratch = try TemporaryDirectory(prefix: "advisor")
        try sqlite(database, Self.schema)
        let workload = Self.statements.enumerated().map { offset, statement in
            (offset == 0 ? "-- calls: 50\n" : "") + statement + ";"
        }.joined(separator: "\n")
        try workload.write(toFile: workloadPath, atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        scratch = nil
    }

    private func sqlite(_ path: String, _ sql: String) throws {
        let result = try ProcessRunner.run("sqlite3", [path], stdin: sql)
        XCTAssertEqual(result.status, 0, result.describe)
        XCTAssertTrue(result.stderr.isEmpty, result.describe)
    }

    private func copy(_ name: String, creating indexes: [String]) throws -> String {
        let path = directory + "/" + name
        try FileManager.default.copyItem(atPath: database, toPath: path)
        if !indexes.isEmpty { try sqlite(path, indexes.joined(separator: "\n")) }
        return path
    }

    /// The relations a statement full-scans, and the indexes it reads, on `path` (idxscope explain).
    private func plan(_ path: String, _ statement: String) throws -> (fullScans: [String], indexes: [String]) {
        let result = try ProcessRunner.idxscope(["explain", path, statement, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.describe)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        return (object["full_scans"] as? [String] ?? [], object["indexes_used"] as? [String] ?? [])
    }

    /// `.expert`'s CREATE INDEX statements for one statement.
    private func expert(_ statement: String) throws -> [String] {
        let result = try ProcessRunner.run("sqlite3", ["-readonly", database], stdin: ".expert\n\(statement);\n")
        XCTAssertEqual(result.status, 0, result.describe)
        return result.stdout.split(separator: "\n").map(String.init).filter { $0.hasPrefix("CREATE INDEX") }
    }

    private func sha256(_ path: String) throws -> String {
        try ProcessRunner.run("sha256sum", [path]).stdout.split(separator: " ").first.map(String.init) ?? ""
    }

    func testSuggestionsRemoveEveryScanExpertRemovesWithNoMoreIndexes() throws {
        let hashBefore = try sha256(database)
        let result = try ProcessRunner.idxscope(["findings", database, "--workload", workloadPath, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.describe)
        XCTAssertEqual(try sha256(database), hashBefore, "the inspected file was written")
        XCTAssertFalse(FileManager.default.fileExists(atPath: database + "-journal"))
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let findings = try XCTUnwrap(report["findings"] as? [[String: Any]])
        let missing = findings.filter { $0["kind"] as? String == "missing" }
        let ours = missing.compactMap { $0["sql"] as? String }
        XCTAssertFalse(ours.isEmpty, result.stdout)

        // .expert statement by statement: the scans its own indexes remove.
        var expertIndexes = Set<String>()
        var expertRemoved: [[String]] = []
        for (offset, statement) in Self.statements.enumerated() {
            let proposed = try expert(statement)
            // Same table and key list: the name is .expert's hash, not part of the index.
            proposed.forEach { expertIndexes.insert($0.replacingOccurrences(of: #"INDEX \S+ ON"#, with: "ON", options: .regularExpression)) }
            let before = try plan(database, statement).fullScans
            let after = try plan(try copy("expert-\(offset).db", creating: proposed), statement).fullScans
            expertRemoved.append(before.filter { !after.contains($0) })
        }
        XCTAssertTrue(expertRemoved.contains { !$0.isEmpty }, "the workload gives .expert something to remove")
        XCTAssertLessThanOrEqual(ours.count, expertIndexes.count, "more indexes than .expert: \(ours) vs \(expertIndexes)")

        let built = try copy("ours.db", creating: ours)
        var used = Set<String>()
        for (offset, statement) in Self.statements.enumerated() {
            let after = try plan(built, statement)
            used.formUnion(after.indexes)
            for table in expertRemoved[offset] {
                XCTAssertFalse(after.fullScans.contains(table), "\(statement): .expert removes the scan of \(table), idxscope does not")
            }
        }
        for finding in missing {
            let sql = try XCTUnwrap(finding["sql"] as? String)
            let name = try XCTUnwrap(sql.split(separator: " ").dropFirst(2).first.map(String.init))
            XCTAssertTrue(used.contains(name), "\(name) is in no plan once built: \(sql)")
            let proof = try XCTUnwrap(finding["proof"] as? [String: Any])
            let served = try XCTUnwrap(proof["statements"] as? [[String: Any]])
            XCTAssertFalse(served.isEmpty)
            XCTAssertTrue(served.allSatisfy { ($0["plan_after"] as? [String] ?? []).joined().contains(name) }, "\(served)")
            XCTAssertTrue(served.allSatisfy { $0["cost_before"] is NSNull }, "SQLite has no costs")
            XCTAssertNotNil(finding["columns"] as? [String])
        }
    }

    /// comments(experiment_id) and comments(experiment_id, body) statements get one index: the wider one.
    func testOneWiderIndexServesBothStatements() throws {
        let result = try ProcessRunner.idxscope(["findings", database, "--workload", workloadPath, "--format", "json"])
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let missing = (report["findings"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "missing" }
        let leadingExperiment = missing.filter { $0["table"] as? String == "comments" && ($0["columns"] as? [String])?.first == "experiment_id" }
        XCTAssertEqual(leadingExperiment.count, 1, "\(missing)")
        XCTAssertEqual(leadingExperiment.first?["columns"] as? [String], ["experiment_id", "body"])
        let queries = (leadingExperiment.first?["proof"] as? [String: Any])?["statements"] as? [[String: Any]] ?? []
        XCTAssertEqual(queries.first?["calls"] as? Int, 50, "the 50-call statement is served")
        // Planned with it present, the foreign key's lookup uses it: one index to add, said once.
        XCTAssertEqual(leadingExperiment.first?["serves_foreign_keys"] as? [String], ["comments(experiment_id) → experiments"])
        let unindexed = (report["findings"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "unindexed_fk" }
        XCTAssertFalse(unindexed.contains { $0["table"] as? String == "comments" }, "\(unindexed)")
        let plain = try ProcessRunner.idxscope(["findings", database, "--format", "json"])
        XCTAssertTrue(plain.stdout.contains(#""kind" : "unindexed_fk""#) || plain.stdout.contains(#""kind": "unindexed_fk""#), plain.describe)
    }

    /// `indexes --workload` counts plans as scans; `findings --workload` never calls a used index unused.
    func testWorkloadUsageFillsScansAndUsedBy() throws {
        let result = try ProcessRunner.idxscope(["indexes", database, "--workload", workloadPath, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.describe)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(report["usage_source"] as? String, "workload")
        let indexes = try XCTUnwrap(report["indexes"] as? [[String: Any]])
        let scans = Dictionary(uniqueKeysWithValues: indexes.map { ($0["name"] as? String ?? "", $0["scans"] as? Int) })
        XCTAssertEqual(scans["comments_user"], 2, "two statements (1 call each) plan with comments_user: \(scans)")
        XCTAssertEqual(scans["experiments_slug_unused"], 1, "the UPDATE by slug reads it")
        let table = try ProcessRunner.idxscope(["indexes", database, "--workload", workloadPath])
        XCTAssertTrue(table.stdout.contains("scans from the workload's plans"), table.describe)

        let findings = try ProcessRunner.idxscope(["findings", database, "--workload", workloadPath, "--format", "json"])
        let all = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(findings.stdout.utf8)) as? [String: Any])?["findings"] as? [[String: Any]])
        XCTAssertFalse(all.contains { $0["kind"] as? String == "unused" && $0["index"] as? String == "comments_user" }, "\(all)")
        XCTAssertTrue(all.allSatisfy { $0.keys.contains("used_by") && $0.keys.contains("proof") && $0.keys.contains("columns") })
    }

    /// A duplicate the workload's plans read names those statements and the plan each gets without it.
    func testDropFindingsCarryUsedByWithThePlanWithoutTheIndex() throws {
        try sqlite(database, "CREATE INDEX comments_user_dup ON comments(user_id);")
        let result = try ProcessRunner.idxscope(["findings", database, "--workload", workloadPath, "--format", "json"])
        XCTAssertEqual(result.status, 0, result.describe)
        let all = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])?["findings"] as? [[String: Any]])
        let duplicate = try XCTUnwrap(all.first { $0["kind"] as? String == "duplicate" }, result.stdout)
        let uses = try XCTUnwrap(duplicate["used_by"] as? [[String: Any]])
        // SQLite plans the user_id statements with the newer twin; without it, with the older one.
        XCTAssertEqual(duplicate["index"] as? String, "comments_user_dup")
        XCTAssertEqual(uses.count, 2, "\(uses)")
        for use in uses {
            let without = try XCTUnwrap(use["plan_without"] as? [String], "\(use)")
            XCTAssertTrue(without.joined().contains("comments_user"), "\(without)")
            XCTAssertFalse(without.joined().contains("comments_user_dup"), "\(without)")
        }
        let text = try ProcessRunner.idxscope(["findings", database, "--workload", workloadPath])
        XCTAssertEqual(text.status, 0, text.describe)
        XCTAssertTrue(text.stdout.contains("without it: SCAN u; SEARCH c USING INDEX comments_user (user_id=?)"), text.describe)
    }

    func testBadWorkloadIsOneLineErrorAndNoFileChanges() throws {
        let hashBefore = try sha256(database)
        let empty = directory + "/empty.sql"
        try "-- nothing here\n".write(toFile: empty, atomically: true, encoding: .utf8)
        let binary = directory + "/binary.sql"
        try Data([0x53, 0x45, 0x00, 0xFF, 0x3B]).write(to: URL(fileURLWithPath: binary))
        let huge = directory + "/huge.sql"
        XCTAssertTrue(FileManager.default.createFile(atPath: huge, contents: nil))
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: huge))
        try handle.truncate(atOffset: 100 << 20) // 100 MB (sparse)
        try handle.close()
        let fifo = directory + "/fifo.sql"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        for (path, words) in [(directory + "/missing.sql", "no such file"), (empty, "no statements"),
                              (binary, "not a text file"), (huge, "the limit is"), (fifo, "not a regular file"),
                              ("/dev/zero", "not a regular file")] {
            for command in ["findings", "indexes"] {
                let result = try ProcessRunner.idxscope([command, database, "--workload", path], timeout: 20)
                XCTAssertEqual(result.status, 2, result.describe)
                XCTAssertTrue(result.stderr.hasPrefix("idxscope: "), result.describe)
                XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.describe)
                XCTAssertTrue(result.stderr.contains(words), result.describe)
                XCTAssertTrue(result.stdout.isEmpty, result.describe)
            }
        }
        // DDL and DML in a workload are planned, never run; a statement that cannot plan is a note.
        let writes = directory + "/writes.sql"
        try "DROP TABLE comments; DELETE FROM users; CREATE INDEX x ON users(name); SELECT * FROM nowhere; VACUUM;"
            .write(toFile: writes, atomically: true, encoding: .utf8)
        let result = try ProcessRunner.idxscope(["findings", database, "--workload", writes])
        XCTAssertEqual(result.status, 0, result.describe)
        XCTAssertTrue(result.stderr.contains("could not be planned: no such table: nowhere"), result.describe)
        XCTAssertEqual(try sha256(database), hashBefore)
        try sqlite(database, "SELECT count(*) FROM comments;")
    }
}
