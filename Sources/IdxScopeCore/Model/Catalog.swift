import Foundation

/// One row of the index list: shape, usage and space together.
public struct IndexRecord: Equatable, Sendable {
    public var info: IndexInfo
    public var usage: IndexUsage
    public var space: IndexSpace

    public init(info: IndexInfo, usage: IndexUsage = .unknown, space: IndexSpace = .unknown) {
        self.info = info
        self.usage = usage
        self.space = space
    }

    public var id: IndexID { info.id }
}

/// File-level (SQLite) or database-level facts about space.
public struct DatabaseSpace: Equatable, Sendable {
    public var pageSize: Int64?
    public var pageCount: Int64?
    public var freelistPages: Int64?
    public var totalBytes: Int64?

    public init(pageSize: Int64? = nil, pageCount: Int64? = nil, freelistPages: Int64? = nil, totalBytes: Int64? = nil) {
        self.pageSize = pageSize
        self.pageCount = pageCount
        self.freelistPages = freelistPages
        self.totalBytes = totalBytes
    }
}

/// Space figures that arrive after the catalog, keyed by index.
public struct SpaceReport: Equatable, Sendable {
    public var indexes: [IndexID: IndexSpace]
    /// Table sizes by "schema.table".
    public var tables: [String: TableSpace]
    public var database: DatabaseSpace

    public init(indexes: [IndexID: IndexSpace] = [:], tables: [String: TableSpace] = [:], database: DatabaseSpace = DatabaseSpace()) {
        self.indexes = indexes
        self.tables = tables
        self.database = database
    }
}

public struct TableSpace: Equatable, Sendable {
    public var schema: String
    public var name: String
    public var sizeBytes: Int64?
    public var rows: Int64?
    public init(schema: String, name: String, sizeBytes: Int64? = nil, rows: Int64? = nil) {
        self.schema = schema
        self.name = name
        self.sizeBytes = sizeBytes
        self.rows = rows
    }
}

/// Everything one screen (or one `indexes` command) shows about a database.
public struct Catalog: Equatable, Sendable {
    public var engine: Engine
    /// Shown to the user: a file path, or a conninfo rebuilt without its password.
    public var database: String
    public var serverVersion: String
    /// When the usage counters began (PostgreSQL stats_reset or postmaster start); nil for SQLite.
    public var statsSince: Date?
    /// PostgreSQL replica (pg_is_in_recovery); nil where meaningless.
    public var isReplica: Bool?
    public var indexes: [IndexRecord]
    public var tables: [String: TableSpace]
    public var space: DatabaseSpace
    /// True once `space` and every index's space have been filled in.
    public var sizesLoaded: Bool
    /// Extra facts the engine reports (e.g. "pgstattuple": "installed").
    public var notes: [String]
    /// Every foreign key outside the system schemas (for the unindexed_fk finding).
    public var foreignKeys: [ForeignKey]
    /// How many servers the usage counters cover (the target plus `--also` replicas); nil where
    /// the engine keeps no counters (SQLite).
    public var servers: Int?
    /// Where `scans` come from: the server's counters, or a workload's plans (SQLite); nil: none.
    public var usageSource: UsageSource?

    public enum UsageSource: String, Sendable {
        case server, workload
    }

    public init(engine: Engine, database: String, serverVersion: String, statsSince: Date? = nil, isReplica: Bool? = nil,
                indexes: [IndexRecord], tables: [String: TableSpace] = [:], space: DatabaseSpace = DatabaseSpace(),
                sizesLoaded: Bool = false, notes: [String] = [], foreignKeys: [ForeignKey] = [], servers: Int? = nil) {
        self.engine = engine
        self.database = database
        self.serverVersion = serverVersion
        self.statsSince = statsSince
        self.isReplica = isReplica
        self.indexes = indexes
        self.tables = tables
        self.space = space
        self.sizesLoaded = sizesLoaded
        self.notes = notes
        self.foreignKeys = foreignKeys
        self.servers = servers ?? (engine == .postgresql ? 1 : nil)
    }

    /// Folds late-arriving sizes into the catalog; keeps figures the report does not mention.
    public func merging(_ report: SpaceReport) -> Catalog {
        var copy = self
        copy.indexes = indexes.map { record in
            var record = record
            if let space = report.indexes[record.id] { record.space = space }
            return record
        }
        copy.tables.merge(report.tables) { _, new in new }
        copy.space = report.database
        copy.sizesLoaded = true
        return copy
    }
}
