import Foundation
import IdxScopeCore

/// Writes to the standard streams with write(2), so that output that cannot be written (a full
/// disk, a closed descriptor, a pipe whose reader has gone) ends the process with one line or,
/// for a closed pipe, quietly — never with Foundation's `try!` crash inside FileHandle.write.
enum StandardStreams {
    /// Exit status for a reader that went away: what a shell reports for a process killed by
    /// SIGPIPE (128 + 13), as `cat` gets; nothing is printed.
    static let brokenPipeStatus: Int32 = 141
    /// Exit status for any other write failure (the contract's "input or environment" code).
    static let writeFailureStatus: Int32 = 2

    /// A closed descriptor 0, 1 or 2 would be handed to the next file opened (the database, a
    /// libpq socket), and the report would be written into it. Park /dev/null there, opened
    /// read-only, so those numbers stay taken and a write to them still fails (EBADF).
    static func reserveClosedDescriptors() {
        for descriptor: Int32 in 0...2 where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            let opened = open("/dev/null", O_RDONLY)
            if opened >= 0 && opened != descriptor {
                dup2(opened, descriptor)
                close(opened)
            }
        }
    }

    /// The report on standard output; a failure ends the process (see the statuses above).
    static func writeOutput(_ bytes: some Collection<UInt8>) {
        if let failure = writeAll(1, bytes) { fail(failure) }
    }

    /// A line for stderr; if stderr itself cannot be written there is nobody left to tell.
    static func writeError(_ bytes: some Collection<UInt8>) {
        _ = writeAll(2, bytes)
    }

    /// Statements read from a file, a pipe or stdin are capped: /dev/zero or a runaway producer
    /// must end in an error, not in memory exhaustion.
    static let inputLimit = 64 << 20

    /// Every byte of `descriptor` up to `inputLimit`; throws a one-line error naming `what`.
    static func readAll(_ descriptor: Int32, what: String) throws -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count == 0 { return result }
            if count < 0 {
                if errno == EINTR { continue }
                throw IdxScopeError(.input, "cannot read \(what): \(String(cString: strerror(errno)))")
            }
            result.append(contentsOf: chunk[0..<count])
            if result.count > inputLimit {
                throw IdxScopeError(.input, "\(what) holds more than \(inputLimit >> 20) MiB of statements")
            }
        }
    }

    /// The statements file of `--queries`: a file, a pipe or `<(process substitution)`.
    static func readFile(_ path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw IdxScopeError(.input, "no such file: \(path)") }
            throw IdxScopeError(.input, "cannot read \(path): \(String(cString: strerror(code)))")
        }
        defer { close(descriptor) }
        var info = stat()
        if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw IdxScopeError(.input, "\(path) is a directory, not a file of statements")
        }
        // Opened non-blocking so that a FIFO without a writer does not hang open(2); reads block.
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        let bytes = try readAll(descriptor, what: path)
        // A database or another binary given by mistake: SQL text never holds a NUL byte.
        if let nul = bytes.firstIndex(of: 0) {
            throw IdxScopeError(.input, "\(path) is not a text file of statements (a NUL byte at offset \(nul))")
        }
        return bytes
    }

    private static func fail(_ code: Int32) -> Never {
        if code == EPIPE { exit(brokenPipeStatus) }
        writeError(Array("idxscope: cannot write the output to standard output: \(String(cString: strerror(code)))\n".utf8))
        exit(writeFailureStatus)
    }

    /// Writes every byte (retrying short writes and EINTR, waiting out EAGAIN on a non-blocking
    /// descriptor); returns the errno of a failure, nil when all was written.
    private static func writeAll(_ descriptor: Int32, _ bytes: some Collection<UInt8>) -> Int32? {
        let buffer = Array(bytes)
        return buffer.withUnsafeBytes { raw -> Int32? in
            var offset = 0
            while offset < raw.count {
                let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written > 0 { offset += written; continue }
                let code = written == 0 ? EIO : errno
                if code == EINTR { continue }
                if code == EAGAIN || code == EWOULDBLOCK {
                    var waiting = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&waiting, 1, 1000)
                    continue
                }
                return code
            }
            return nil
        }
    }
}
