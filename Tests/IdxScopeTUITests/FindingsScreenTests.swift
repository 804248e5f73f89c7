import XCTest
import IdxScopeCore
import IdxScopeSQLite
import IdxScopeTestSupport
@testable import IdxScopeTUI

/// Issue 12: the Findings screen (`F`) lists every finding by kind, foreign keys included, with
/// reason, size, confidence and SQL; Enter on an index finding opens its detail.
final class FindingsScreenTests: XCTestCase {
    static var catalog: Catalog {
        var catalog = Fixtures.postgresCatalog
        catalog.indexes.append(Fixtures.index("runs", "idx_runs_started_copy", ["started_at"], schema: "public", size: 700_000, scans: 3))
        catalog.foreignKeys = [ForeignKey(schema: "public", table: "runs", name: "runs_experiment_fk", columns: ["experiment_id"],
                                          referencedTable: "experiments", referencedColumns: ["id"],
                                          lookup: .wholeTable("Seq Scan on runs"))]
        return catalog
    }

    /// `F`, then what the run loop does with the effect: FindingRules on the worker, handed back.
    func openFindings(width: Int = 120, height: Int = 40) -> AppState {
        let (state, effects) = Reducer.reduce(Fixtures.state(Self.catalog, width: width, height: height), .key(.char("F")))
        XCTAssertEqual(state.screen, .findings)
        guard case .deriveFindingList(let catalog, let revision, let now)? = effects.first(where: {
            if case .deriveFindingList = $0 { return true } else { return false }
        }) else {
            XCTFail("F asks for the findings: \(effects)")
            return state
        }
        XCTAssertTrue(Renderer.render(state).text.contains("judging the indexes…"))
        return Reducer.reduce(state, .findingsDerived(FindingRules.findings(in: catalog, now: now), revision: revision)).0
    }

    func testEveryFindingGroupedByKindWithReasonSizeConfidenceAndSQL() throws {
        let state = openFindings()
        let screen = Renderer.render(state)
        let text = screen.text
        let fk = try XCTUnwrap(screen.row(containing: "Foreign keys without an index"), text)
        let duplicate = try XCTUnwrap(screen.row(containing: "Duplicate indexes"), text)
        let unused = try XCTUnwrap(screen.row(containing: "Unused indexes"), text)
        XCTAssertLessThan(fk, duplicate)
        XCTAssertLessThan(duplicate, unused)
        XCTAssertEqual(screen.role(of: "Foreign keys without an index", onRow: fk), .title)
        let fkRow = try XCTUnwrap(screen.row(containing: "runs (experiment_id)"), text)
        XCTAssertTrue(screen.line(fkRow + 1).contains("Seq Scan on runs"), screen.line(fkRow + 1))
        XCTAssertTrue(screen.line(fkRow + 2).contains("CREATE INDEX"), screen.line(fkRow + 2))
        XCTAssertEqual(screen.role(of: "CREATE INDEX", onRow: fkRow + 2), .sql)
        let copy = try XCTUnwrap(screen.row(containing: "runs.idx_runs_started_copy"), text)
        XCTAssertTrue(screen.line(copy).contains("684 KiB") && screen.line(copy).contains("[high]"), screen.line(copy))
        XCTAssertTrue(text.contains("DROP INDEX"), text)
        XCTAssertTrue(text.contains("experiments.idx_experiments_owner"), text)
        // The first finding in display order is selected.
        XCTAssertEqual(screen.role(of: "runs (experiment_id)", onRow: fkRow), .selection)
    }

    func testMovingSelectsFindingsAndEnterOpensTheIndexDetail() throws {
        var state = openFindings()
        state = Fixtures.press(state, .enter)
        XCTAssertEqual(state.screen, .findings, "a foreign key has no index to show")
        XCTAssertTrue(state.status?.text.contains("not an index yet") ?? false)
        state = Fixtures.press(state, .char("j"))
        let selected = try XCTUnwrap(state.findings?[state.findingSelected])
        XCTAssertEqual(selected.kind, .duplicate)
        let screen = Renderer.render(state)
        let row = try XCTUnwrap(screen.row(containing: "runs.idx_runs_started_copy"))
        XCTAssertEqual(screen.role(of: "idx_runs_started_copy", onRow: row), .selection)
        // Enter opens that index's detail, even when the list's filter hides it; Esc comes back.
        state.filter = "experiments"
        state = Fixtures.press(state, .enter)
        XCTAssertEqual(state.screen, .detail)
        XCTAssertEqual(state.selectedRecord?.info.name, "idx_runs_started_copy")
        state = Fixtures.press(state, .escape)
        XCTAssertEqual(state.screen, .findings)
    }

    func testScrollingKeepsTheSelectedFindingInViewAt80x24() throws {
        var state = openFindings(width: 80, height: 12)
        for _ in 0..<10 { state = Fixtures.press(state, .char("j")) }
        let last = try XCTUnwrap(FindingsContent.order(state.findings ?? []).last)
        XCTAssertEqual(state.findingSelected, last)
        let screen = Renderer.render(state)
        let name = try XCTUnwrap(state.findings?[last].index)
        XCTAssertNotNil(screen.row(containing: name), screen.text)
        state = Fixtures.press(state, .char("g"))
        XCTAssertEqual(state.findingsTop, 0)
    }

    func testANewCatalogIsJudgedAgainWhileTheScreenShows() {
        let state = openFindings()
        let (_, effects) = Reducer.reduce(state, .catalogLoaded(Self.catalog, at: Date(timeIntervalSince1970: 1_800_000_100)))
        XCTAssertTrue(effects.contains { if case .deriveFindingList = $0 { return true } else { return false } }, "\(effects)")
    }

    func testNoFindingsSaysSo() {
        var catalog = Fixtures.sqliteCatalog
        catalog.indexes = [Fixtures.index("job", "idx_job_status", ["status"], size: 4096)]
        var state = Fixtures.state(catalog)
        state = Fixtures.press(state, .char("F"))
        state = Reducer.reduce(state, .findingsDerived([], revision: state.catalogRevision)).0
        XCTAssertTrue(Renderer.render(state).text.contains("No findings among 1 indexes (SQLite keeps no usage counters"))
    }
}

/// `--workload` on the TUI: the advisor runs for the Findings screen on the worker (real
/// SQLite file, real planner), Esc cancels it.
final class FindingsAdvisorTests: XCTestCase {
    func testWithAWorkloadFAdvisesAndEscCancels() {
        var capabilities = Capabilities(engine: .sqlite)
        capabilities.workloadStatements = 2
        var state = Fixtures.state(Fixtures.sqliteCatalog, capabilities: capabilities)
        var effects: [Effect]
        (state, effects) = Reducer.reduce(state, .key(.char("F")))
        XCTAssertTrue(effects.contains { if case .adviseFindings = $0 { return true } else { return false } }, "\(effects)")
        XCTAssertTrue(state.advising)
        XCTAssertTrue(Renderer.render(state).line(0).contains("advising"))
        (state, effects) = Reducer.reduce(state, .key(.escape))
        XCTAssertEqual(effects, [.cancelRunningCall(plan: nil)])
        XCTAssertEqual(state.screen, .findings, "the first Esc only cancels")
        state = Reducer.reduce(state, .findingsFailed("advisor cancelled", revision: state.catalogRevision)).0
        XCTAssertFalse(state.advising)
        XCTAssertEqual(state.status?.text, "advisor: advisor cancelled")
        XCTAssertTrue(Renderer.render(state).text.contains("The advisor did not finish: F runs it again."))
        (state, effects) = Reducer.reduce(state, .key(.char("F")))
        XCTAssertTrue(effects.contains { if case .adviseFindings = $0 { return true } else { return false } }, "F runs it again")
        // Sizes arrive during the run: one run at a time, and its stale result asks for the new catalog.
        let asked = state.catalogRevision
        (state, effects) = Reducer.reduce(state, .spaceLoaded(SpaceReport()))
        XCTAssertNotEqual(state.catalogRevision, asked)
        XCTAssertFalse(effects.contains { if case .adviseFindings = $0 { return true } else { return false } }, "\(effects)")
        (state, effects) = Reducer.reduce(state, .findingsDerived([], revision: asked, notes: ["advisor: stale"]))
        XCTAssertTrue(effects.contains { if case .adviseFindings(_, let revision, _) = $0 { return revision == state.catalogRevision } else { return false } },
                      "\(effects)")
        XCTAssertTrue(state.advising)
    }

    func testTheWorkerAdvisesOnARealDatabaseAndCancelStopsIt() throws {
        let scratch = try TemporaryDirectory(prefix: "advise")
        let path = scratch.url.appendingPathComponent("shop.db").path
        let created = try ProcessRunner.run("sqlite3", [path], stdin: """
            CREATE TABLE customer(id INTEGER PRIMARY KEY, email TEXT);
            CREATE TABLE purchase(id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customer(id), total INT);
            CREATE INDEX idx_customer_email ON customer(email);
            CREATE INDEX idx_customer_email_copy ON customer(email);
            """)
        XCTAssertEqual(created.status, 0, created.describe)
        let inspector = try SQLiteInspector(path: path)
        let workload = [WorkloadStatement(text: "SELECT * FROM purchase WHERE total = 7", calls: 5),
                        WorkloadStatement(text: "SELECT * FROM customer WHERE email = 'a'", calls: 1)]
        let worker = Worker(inspector: inspector, workload: workload)
        let catalog = try inspector.loadCatalog().merging(try inspector.loadSpace())
        worker.submit(.adviseFindings(catalog, revision: 1, now: Date()))
        let action = try XCTUnwrap(Self.waitForAction(worker), "no advice within 20 s")
        guard case .findingsDerived(let findings, 1, let notes) = action else { return XCTFail("\(action)") }
        XCTAssertTrue(notes.first?.hasPrefix("advisor: 2 of 2 workload statements planned") ?? false, "\(notes)")
        let missing = try XCTUnwrap(findings.first { $0.kind == .missing }, "\(findings)")
        XCTAssertEqual(missing.table, "purchase")
        XCTAssertEqual(missing.proof?.statements.first?.calls, 5)
        let duplicate = try XCTUnwrap(findings.first { $0.kind == .duplicate }, "\(findings)")
        XCTAssertNotNil(duplicate.usedBy)

        // Esc right after F (the run queued or already planning: 400 statements take far longer
        // than the call) stops it with "advisor cancelled", whichever it was.
        let long = (0..<400).map { WorkloadStatement(text: "SELECT * FROM purchase WHERE total = \($0)", calls: 1) }
        let slow = Worker(inspector: inspector, workload: long)
        slow.submit(.adviseFindings(catalog, revision: 2, now: Date()))
        slow.cancel(pendingPlan: nil)
        let cancelled = try XCTUnwrap(Self.waitForAction(slow), "no answer after the cancel")
        guard case .findingsFailed(let message, 2) = cancelled else { return XCTFail("\(cancelled)") }
        XCTAssertEqual(message, "advisor cancelled")
    }

    static func waitForAction(_ worker: Worker) -> Action? {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let action = worker.drain().first { return action }
            usleep(20_000)
        }
        return nil
    }
}
