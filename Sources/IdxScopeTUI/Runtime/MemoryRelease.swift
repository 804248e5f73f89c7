import Foundation

/// glibc's malloc_trim, looked up at run time: Swift's Glibc module does not export <malloc.h>,
/// and other C libraries simply do without.
enum MemoryRelease {
    private typealias Trim = @convention(c) (Int) -> Int32
    private typealias Option = @convention(c) (Int32, Int32) -> Int32
    private static let M_ARENA_MAX: Int32 = -8

    private static func lookUp<F>(_ name: String, as type: F.Type) -> F? {
        #if os(Linux)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(symbol, to: type)
        #else
        return nil
        #endif
    }

    /// Returns free pages of every malloc arena to the system.
    static func trim() { _ = lookUp("malloc_trim", as: Trim.self)?(0) }

    /// One malloc arena: the worker thread builds each catalog, and a second arena keeps its
    /// fragments resident (~8 MiB more with 10,000 indexes) even after a trim. Two threads
    /// hardly contend for it.
    static func useSingleArena() { _ = lookUp("mallopt", as: Option.self)?(M_ARENA_MAX, 1) }
}
