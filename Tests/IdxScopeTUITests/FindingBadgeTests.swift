import XCTest
import IdxScopeCore
@testable import IdxScopeTUI

/// The list's badge column and the detail's Finding section come from Core's FindingRules.
final class FindingBadgeTests: XCTestCase {
    func testDuplicateAndPrefixBadgesAndTheDetailSection() throws {
        var catalog = Fixtures.sqliteCatalog
        catalog.indexes.append(Fixtures.index("job", "idx_job_status_copy", ["status"], size: 40960))
        catalog.indexes.append(Fixtures.index("job", "idx_job_created_status", ["created_at", "status"], size: 8192))
        var state = Fixtures.state(catalog)
        let list = Renderer.render(state)
        let copyRow = try XCTUnwrap(list.row(containing: "idx_job_status_copy"), list.text)
        XCTAssertTrue(list.line(copyRow).trimmingCharacters(in: .whitespaces).hasSuffix("dup"), list.line(copyRow))
        XCTAssertEqual(list.role(of: "dup", onRow: copyRow), .unused)
        let prefixRow = try XCTUnwrap(list.row(containing: "idx_job_created "), list.text)
        XCTAssertTrue(list.line(prefixRow).trimmingCharacters(in: .whitespaces).hasSuffix("prefix"), list.line(prefixRow))
        let keptRow = try XCTUnwrap(list.row(containing: "idx_job_status "), list.text)
        XCTAssertFalse(list.line(keptRow).trimmingCharacters(in: .whitespaces).hasSuffix("dup"), "the first by name is kept")

        state = Fixtures.press(state, .char("/"))
        state = Fixtures.type(state, "status_copy")
        state = Fixtures.press(state, .enter, .enter)
        let detail = Renderer.render(state)
        XCTAssertTrue(detail.text.contains("Finding"), detail.text)
        XCTAssertTrue(detail.text.contains("same key columns as another index (idx_job_status)"), detail.text)
        XCTAssertNotNil(detail.row(containing: "  DROP INDEX idx_job_status_copy;"), detail.text)
    }

    func testInvalidIndexBadgeIsAnError() throws {
        var catalog = Fixtures.postgresCatalog
        var broken = Fixtures.index("runs", "idx_runs_broken", ["x"], schema: "public", size: 8192, scans: 0)
        broken.info.valid = false
        catalog.indexes.append(broken)
        let screen = Renderer.render(Fixtures.state(catalog))
        let row = try XCTUnwrap(screen.row(containing: "idx_runs_broken"), screen.text)
        XCTAssertEqual(screen.role(of: "invalid", onRow: row), .error)
        let unusedRow = try XCTUnwrap(screen.row(containing: "idx_experiments_owner"), screen.text)
        XCTAssertTrue(screen.line(unusedRow).trimmingCharacters(in: .whitespaces).hasSuffix("unused"), screen.line(unusedRow))
    }
}

final class NonBtreeDetailTests: XCTestCase {
    func testExactBloatAndKeyOrderOnlyForBtree() throws {
        var catalog = Fixtures.postgresCatalog
        var gin = Fixtures.index("runs", "idx_runs_tags", ["tags"], schema: "public", size: 8192, scans: 3)
        gin.info.method = "gin"
        catalog.indexes.append(gin)
        var state = Fixtures.state(catalog, capabilities: Capabilities(engine: .postgresql, exactBloat: true))
        state = Fixtures.press(state, .char("/"))
        state = Fixtures.type(state, "idx_runs_tags")
        state = Fixtures.press(state, .enter, .enter)
        var screen = Renderer.render(state)
        XCTAssertTrue(screen.text.contains("1. tags\n") || screen.text.contains("1. tags "), screen.text)
        XCTAssertFalse(screen.text.contains("1. tags  ASC"), screen.text)
        XCTAssertFalse(screen.text.contains("b measures it"), screen.text)
        state = Fixtures.press(state, .char("b"))
        XCTAssertNil(state.bloatMeasuring, "no pgstatindex call for a GIN index")
        screen = Renderer.render(state)
        XCTAssertTrue(screen.text.contains("btree indexes only"), screen.text)
    }
}

/// pgstatindex refuses a partitioned parent (it has no pages of its own): no `b` offered, and
/// `b` says why instead of sending a call that fails.
final class PartitionedParentBloatTests: XCTestCase {
    func testNoExactBloatForAPartitionedParent() throws {
        var catalog = Fixtures.postgresCatalog
        var parent = Fixtures.index("events", "events_at_idx", ["at"], schema: "public", size: 0, scans: 0)
        parent.info.isPartitionedParent = true
        catalog.indexes.append(parent)
        var state = Fixtures.state(catalog, capabilities: Capabilities(engine: .postgresql, exactBloat: true))
        state = Fixtures.press(state, .char("/"))
        state = Fixtures.type(state, "events_at_idx")
        state = Fixtures.press(state, .enter, .enter)
        var screen = Renderer.render(state)
        XCTAssertEqual(state.screen, .detail)
        XCTAssertFalse(screen.text.contains("b measures it"), screen.text)
        let (after, effects) = Reducer.reduce(state, .key(.char("b")))
        XCTAssertNil(after.bloatMeasuring, "no pgstatindex call for a partitioned parent")
        XCTAssertTrue(effects.isEmpty, "\(effects)")
        screen = Renderer.render(after)
        XCTAssertTrue(screen.text.contains("partitioned"), screen.text)
        XCTAssertEqual(after.status?.isError, true)
    }

    func testPlainBtreeStillOffersB() {
        var state = Fixtures.state(Fixtures.postgresCatalog, capabilities: Capabilities(engine: .postgresql, exactBloat: true))
        state = Fixtures.press(state, .char("/"))
        state = Fixtures.type(state, "idx_runs_started")
        state = Fixtures.press(state, .enter, .enter)
        XCTAssertTrue(Renderer.render(state).text.contains("b measures it"), Renderer.render(state).text)
        let (after, effects) = Reducer.reduce(state, .key(.char("b")))
        XCTAssertNotNil(after.bloatMeasuring)
        XCTAssertEqual(effects.count, 1)
    }
}

final class FindingDerivationTests: XCTestCase {
    /// Verdicts derived for an older catalog must not badge a newer one.
    func testVerdictsForAStaleRevisionAreIgnored() {
        var catalog = Fixtures.sqliteCatalog
        catalog.indexes.append(Fixtures.index("job", "idx_job_status_copy", ["status"], size: 40960))
        var state = Fixtures.state(Fixtures.sqliteCatalog)
        let staleRevision = state.catalogRevision
        XCTAssertTrue(state.findingKinds.isEmpty)
        state = Reducer.reduce(state, .catalogLoaded(catalog, at: Date(timeIntervalSince1970: 1_800_000_005))).0
        XCTAssertNotEqual(state.catalogRevision, staleRevision)
        let kinds = FindingRules.kinds(in: catalog)
        state = Reducer.reduce(state, .findingKindsDerived(kinds, revision: staleRevision)).0
        XCTAssertTrue(state.findingKinds.isEmpty, "a stale derivation was applied")
        state = Reducer.reduce(state, .findingKindsDerived(kinds, revision: state.catalogRevision)).0
        XCTAssertEqual(state.findingKinds[IndexID(schema: "main", name: "idx_job_status_copy")], .duplicate)
    }
}
