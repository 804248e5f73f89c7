import Foundation

/// Usage counters since `Catalog.statsSince`; `nil` where the engine keeps none (SQLite).
public struct IndexUsage: Equatable, Sendable {
    public var scans: Int64?
    public var tuplesRead: Int64?
    public var tuplesFetched: Int64?

    public init(scans: Int64? = nil, tuplesRead: Int64? = nil, tuplesFetched: Int64? = nil) {
        self.scans = scans
        self.tuplesRead = tuplesRead
        self.tuplesFetched = tuplesFetched
    }

    public static let unknown = IndexUsage()

    /// Both servers' counts; a side that keeps none adds nothing (nil only when both are nil).
    public func adding(_ other: IndexUsage) -> IndexUsage {
        func sum(_ a: Int64?, _ b: Int64?) -> Int64? { a.map { $0 + (b ?? 0) } ?? b }
        return IndexUsage(scans: sum(scans, other.scans), tuplesRead: sum(tuplesRead, other.tuplesRead),
                          tuplesFetched: sum(tuplesFetched, other.tuplesFetched))
    }
}

/// The usage counters of one more server (a replica named with `--also`), by schema-qualified
/// index name: all a replica contributes to the catalog.
public struct ServerUsage: Equatable, Sendable {
    /// As shown to the user (never with a password).
    public var server: String
    public var statsSince: Date?
    public var isReplica: Bool?
    public var counters: [IndexID: IndexUsage]

    public init(server: String, statsSince: Date?, isReplica: Bool?, counters: [IndexID: IndexUsage]) {
        self.server = server
        self.statsSince = statsSince
        self.isReplica = isReplica
        self.counters = counters
    }
}

extension Catalog {
    /// Counters that started more than this apart are worth a note: "unused" then covers the
    /// shorter window only.
    static let statsSinceTolerance: TimeInterval = 3600

    /// Adds other servers' counters to this catalog's, index by index, so that zero scans means
    /// zero on every server. The counters then cover the window all servers share: `statsSince`
    /// becomes the latest start. A server missing an index, with counters younger than the
    /// others', or not in recovery, is a note.
    public func mergingUsage(of others: [ServerUsage]) -> Catalog {
        var copy = self
        copy.servers = (servers ?? 1) + others.count
        for other in others {
            var missing: [IndexID] = []
            for position in copy.indexes.indices {
                let record = copy.indexes[position]
                // A partitioned parent keeps no counters anywhere; its partitions carry them.
                guard record.usage.scans != nil else { continue }
                if let usage = other.counters[record.id] {
                    copy.indexes[position].usage = record.usage.adding(usage)
                } else {
                    missing.append(record.id)
                }
            }
            if !missing.isEmpty {
                let shown = missing.prefix(5).map(\.description).joined(separator: ", ")
                let more = missing.count > 5 ? ", … (\(missing.count - 5) more)" : ""
                copy.notes.append("\(other.server) has no index \(shown)\(more): "
                                  + "\(missing.count == 1 ? "its counters cover" : "their counters cover") the other servers only")
            }
            if other.isReplica == false {
                copy.notes.append("\(other.server) is not in recovery (not a replica): its counters were added all the same")
            }
            if let mine = statsSince, let theirs = other.statsSince, abs(theirs.timeIntervalSince(mine)) > Self.statsSinceTolerance {
                copy.notes.append("\(other.server) counters since \(Timestamp.iso8601(theirs)), \(database) since "
                                  + "\(Timestamp.iso8601(mine)): merged counters cover the shorter window")
            }
            copy.statsSince = [copy.statsSince, other.statsSince].compactMap { $0 }.max()
        }
        return copy
    }
}
