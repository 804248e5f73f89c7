/// The demo's schema: a job queue whose indexes show what idxscope finds.
enum DemoSchema {
    /// `PRAGMA application_id` of demo files ("idxs"): the writer overwrites only files carrying it.
    static let applicationID: Int32 = 0x6964_7873

    static let tables = """
        CREATE TABLE queue(
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,          -- UNIQUE: an automatic index (sqlite_autoindex_queue_1)
            priority INTEGER NOT NULL
        );
        CREATE TABLE worker(
            id INTEGER PRIMARY KEY,
            hostname TEXT NOT NULL,
            started_at INTEGER NOT NULL
        );
        CREATE TABLE job(
            id INTEGER PRIMARY KEY,
            queue_id INTEGER NOT NULL REFERENCES queue(id),
            status TEXT NOT NULL,               -- queued, running, done, failed
            priority INTEGER NOT NULL,
            payload TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            worker_id INTEGER REFERENCES worker(id),
            created_at INTEGER NOT NULL,
            finished_at INTEGER,
            error TEXT
        );
        -- The primary key is the table's b-tree: a WITHOUT ROWID table.
        CREATE TABLE job_event(
            job_id INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            at INTEGER NOT NULL,
            kind TEXT NOT NULL,
            PRIMARY KEY (job_id, seq)
        ) WITHOUT ROWID;
        -- Names with a space, a quote and a non-ASCII letter, as real schemas sometimes have.
        CREATE TABLE "dead letter"(
            id INTEGER PRIMARY KEY,
            job_id INTEGER NOT NULL,
            reason TEXT NOT NULL,
            "détail" TEXT
        );
        """

    /// Created before the rows go in, so that their pages interleave as in a live database.
    static let indexes = """
        CREATE INDEX idx_job_status ON job(status);                          -- redundant: a prefix of the next one
        CREATE INDEX idx_job_status_created ON job(status, created_at);
        CREATE INDEX idx_job_queue ON job(queue_id);
        CREATE INDEX idx_job_queue_copy ON job(queue_id);                    -- duplicate of idx_job_queue
        CREATE INDEX idx_job_worker ON job(worker_id);                       -- unused by the workload
        CREATE INDEX idx_job_failed ON job(finished_at) WHERE status = 'failed';  -- partial
        CREATE INDEX idx_job_error_lower ON job(lower(error) COLLATE NOCASE); -- on an expression
        CREATE INDEX idx_job_priority_desc ON job(priority DESC, created_at);
        CREATE INDEX "idx_dead_letter_raison d'être" ON "dead letter"(reason);
        """
}
