import XCTest
import IdxScopeCore
@testable import IdxScopeTUI

/// "unused" appears only where Core's FindingRules say so: never on a partition's index or an
/// invalid index, whatever their scan counters read; on a partitioned index once every
/// partition's index has zero scans.
final class UnusedBadgeTests: XCTestCase {
    static var partitionedCatalog: Catalog {
        var catalog = Fixtures.postgresCatalog
        var parent = Fixtures.index("events", "events_at_idx", ["at"], schema: "public", size: 0, scans: 0)
        parent.info.isPartitionedParent = true
        var partition = Fixtures.index("events_2025", "events_2025_at_idx", ["at"], schema: "public", size: 8192, scans: 0)
        partition.info.parentIndex = "events_at_idx"
        var broken = Fixtures.index("runs", "idx_runs_broken", ["x"], schema: "public", size: 8192, scans: 0)
        broken.info.valid = false
        catalog.indexes += [parent, partition, broken]
        return catalog
    }

    func testListBadgesFollowFindingRules() throws {
        let screen = Renderer.render(Fixtures.state(Self.partitionedCatalog))
        func ending(_ name: String) throws -> String {
            let row = try XCTUnwrap(screen.row(containing: name + " "), screen.text)
            return screen.line(row).trimmingCharacters(in: .whitespaces)
        }
        XCTAssertTrue(try ending("events_at_idx").hasSuffix("unused"), "no partition scanned it:\n\(screen.text)")
        XCTAssertFalse(try ending("events_2025_at_idx").hasSuffix("unused"), screen.text)
        XCTAssertTrue(try ending("idx_runs_broken").hasSuffix("invalid"), screen.text)
        XCTAssertTrue(try ending("idx_experiments_owner").hasSuffix("unused"), "a real unused index keeps its badge:\n\(screen.text)")
    }

    func testDetailSaysUnusedOnlyWithAnUnusedFinding() {
        func detail(_ name: String) -> String {
            var state = Fixtures.state(Self.partitionedCatalog)
            state = Fixtures.press(state, .char("/"))
            state = Fixtures.type(state, name)
            state = Fixtures.press(state, .enter, .enter)
            XCTAssertEqual(state.screen, .detail)
            return Renderer.render(state).text
        }
        for name in ["events_2025_at_idx", "idx_runs_broken"] {
            let text = detail(name)
            XCTAssertFalse(text.contains("no scans since the counters began"), "\(name):\n\(text)")
        }
        XCTAssertTrue(detail("idx_experiments_owner").contains("unused no scans since the counters began"))
        XCTAssertTrue(detail("events_at_idx").contains("no scans on any of its partitions"), detail("events_at_idx"))
    }
}
