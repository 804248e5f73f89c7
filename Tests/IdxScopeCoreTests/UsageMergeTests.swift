import XCTest
@testable import IdxScopeCore

/// `--also`: replicas' counters added to the primary's, index by schema-qualified name.
final class UsageMergeTests: XCTestCase {
    private let primaryStart = Date(timeIntervalSince1970: 1_800_000_000)

    /// One index per table, so no other rule (duplicate, prefix) has a say.
    private func record(_ schema: String, _ name: String, scans: Int64?, parent: Bool = false) -> IndexRecord {
        IndexRecord(info: IndexInfo(schema: schema, table: "t_" + name, name: name, keyColumns: [IndexInfo.Column(name: "v")],
                                    definition: "", isPartitionedParent: parent),
                    usage: IndexUsage(scans: scans, tuplesRead: scans.map { $0 * 10 }, tuplesFetched: scans))
    }

    private func primary(_ records: [IndexRecord]) -> Catalog {
        Catalog(engine: .postgresql, database: "primary", serverVersion: "15", statsSince: primaryStart, isReplica: false, indexes: records)
    }

    func testCountersAddUpBySchemaQualifiedNameAndUnusedNeedsZeroEverywhere() {
        let catalog = primary([record("a", "idx", scans: 0), record("b", "idx", scans: 0), record("a", "other", scans: 0)])
        XCTAssertEqual(catalog.servers, 1)
        let replica = ServerUsage(server: "replica1", statsSince: primaryStart, isReplica: true, counters: [
            IndexID(schema: "b", name: "idx"): IndexUsage(scans: 7, tuplesRead: 70, tuplesFetched: 7),
            IndexID(schema: "a", name: "idx"): IndexUsage(scans: 0, tuplesRead: 0, tuplesFetched: 0),
            IndexID(schema: "a", name: "other"): IndexUsage(scans: 0, tuplesRead: 0, tuplesFetched: 0),
        ])
        let merged = catalog.mergingUsage(of: [replica])
        XCTAssertEqual(merged.servers, 2)
        XCTAssertEqual(merged.indexes.map(\.usage.scans), [0, 7, 0])
        XCTAssertEqual(merged.indexes[1].usage.tuplesRead, 70)
        XCTAssertEqual(merged.notes, [], "nothing missing, same window, a real replica")

        let unused = Set(FindingRules.findings(in: merged, now: primaryStart.addingTimeInterval(40 * 86400))
            .filter { $0.kind == .unused }.map { "\($0.schema).\($0.index ?? "")" })
        XCTAssertEqual(unused, ["a.idx", "a.other"], "b.idx was scanned on the replica")
        let reason = FindingRules.findings(in: merged, now: primaryStart.addingTimeInterval(40 * 86400)).first?.reason ?? ""
        XCTAssertTrue(reason.contains("on any of 2 servers"), reason)
    }

    func testAMissingIndexANonReplicaAndYoungerCountersAreNotes() {
        let catalog = primary([record("a", "idx", scans: 0), record("a", "gone", scans: 3), record("a", "parent", scans: nil, parent: true)])
        let replicaStart = primaryStart.addingTimeInterval(5 * 86400)
        let replica = ServerUsage(server: "replica1", statsSince: replicaStart, isReplica: false, counters: [
            IndexID(schema: "a", name: "idx"): IndexUsage(scans: 2),
        ])
        let merged = catalog.mergingUsage(of: [replica])
        XCTAssertEqual(merged.indexes.map(\.usage.scans), [2, 3, nil], "a partitioned parent keeps no counters anywhere")
        XCTAssertEqual(merged.statsSince, replicaStart, "zero scans holds only for the window every server covers")
        XCTAssertEqual(merged.notes.count, 3, "\(merged.notes)")
        XCTAssertTrue(merged.notes[0].contains("replica1 has no index a.gone"), merged.notes[0])
        XCTAssertTrue(merged.notes[1].contains("not in recovery"), merged.notes[1])
        XCTAssertTrue(merged.notes[2].contains("counters since \(Timestamp.iso8601(replicaStart))"), merged.notes[2])
    }

    func testTheHeadlineAndJSONSayHowManyServers() {
        let merged = primary([record("a", "idx", scans: 1)]).mergingUsage(of: [
            ServerUsage(server: "r1", statsSince: primaryStart, isReplica: true, counters: [:]),
            ServerUsage(server: "r2", statsSince: primaryStart, isReplica: true, counters: [:]),
        ])
        XCTAssertTrue(IndexesReport.summary(merged).contains("counters of 3 servers"), IndexesReport.summary(merged))
        XCTAssertTrue(IndexesReport.json(merged).serialized(pretty: false).contains("\"servers\":3"))
        XCTAssertTrue(FindingsReport.json([], catalog: merged).serialized(pretty: false).contains("\"servers\":3"))
        let sqlite = Catalog(engine: .sqlite, database: "x.db", serverVersion: "3", indexes: [])
        XCTAssertTrue(IndexesReport.json(sqlite).serialized(pretty: false).contains("\"servers\":null"), "SQLite keeps no counters")
    }
}
