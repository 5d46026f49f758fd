//! Giving freed memory back to the operating system. glibc's allocator keeps
//! the heap it freed for reuse; after many agents hibernate at once that is
//! tens of MiB per thousand agents that no longer exist, so the registry asks
//! it to return what it can.

/// Returns freed heap memory to the OS where the allocator supports it
/// (glibc); a no-op elsewhere.
pub fn release_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[allow(unsafe_code)]
    // SAFETY: malloc_trim only walks the allocator's own free lists; it takes
    // no pointers from us and is safe to call from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}
