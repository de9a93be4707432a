//! Password hashing with argon2id.
//!
//! Each hash or check needs 19 MiB of memory and tens of milliseconds of one
//! core, on purpose. So they run on a fixed set of threads, one per core,
//! and at most as many run at once as there are threads. On tokio's
//! blocking pool (up to 512 threads) 200 parallel sign-ins took the server
//! from 37 MB to 3.4 GB, and it kept them: each thread's allocator arena
//! kept its freed 19 MiB. Now the argon2 memory is at most one block per
//! core, whatever the load, reused while sign-ins keep coming and given back
//! to the system when none has come for [`IDLE_MEMORY_KEPT`]
//! (docs/QUALITY.md); and a request that finds every thread busy for longer
//! than [`HASHER_WAIT`] is answered 503 instead of queueing without end.

use std::num::NonZeroUsize;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex, PoisonError};
use std::time::{Duration, Instant};

use anyhow::Context;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot};

use crate::error::AppError;

pub use mus_domain::auth::{MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS};

/// How long a request waits for a free hasher before it is answered 503.
/// Long enough to ride out a burst of honest sign-ins (everyone starting
/// work at nine), short enough that a flood is answered rather than piled
/// up. A request that would not get a hasher within it anyway, judging by
/// the queue ahead of it, is answered at once.
pub const HASHER_WAIT: Duration = Duration::from_secs(2);
/// What the 503 tells the client to wait before trying again.
pub const BUSY_RETRY_AFTER: Duration = Duration::from_secs(2);
/// How long argon2 memory that no hash has used is kept for the next one.
/// A burst of sign-ins (everyone starting work at nine) reuses it; a quiet
/// server holds none of it.
pub const IDLE_MEMORY_KEPT: Duration = Duration::from_secs(1);

/// Verified against when the e-mail is unknown or has no password, so that
/// those take as long as a wrong password and response times reveal no
/// accounts. A hash of "not a real password" with today's parameters (a
/// test checks both); a constant, so the first such sign-in is not slower.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$mccFOell7BexPbJdB39uTw$saWq3rKHfXnCnEa6aYHlpbhx94uYjjH9zn+oNiK0tFs";

/// How long a caller waits for a free hasher.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// A request: up to [`HASHER_WAIT`], then `AppError::Busy` (503).
    Briefly,
    /// The command line, the demo data and tests: its turn, however long.
    Unbounded,
}

/// The argon2id hash of `password`, in PHC string form.
pub async fn hash_password(password: String, wait: Wait) -> Result<String, AppError> {
    hasher(wait).await?.hash(password).await
}

/// True when `password` matches `stored`; for requests ([`Wait::Briefly`]).
/// See [`Hasher::verify`].
pub async fn verify_password(password: String, stored: Option<String>) -> Result<bool, AppError> {
    hasher(Wait::Briefly).await?.verify(password, stored).await
}

/// A hasher thread reserved for one hash or check, used once. Reserving is
/// where a request may be turned away (503), so a caller can undo what it
/// did before (a sign-in withdraws its counted attempt) while nothing has
/// been checked yet; once reserved, the work only waits for the thread.
#[derive(Debug)]
#[must_use = "a reserved hasher is idle until used"]
pub struct Hasher {
    permit: OwnedSemaphorePermit,
}

/// Reserves a hasher, waiting as `wait` says.
pub async fn hasher(wait: Wait) -> Result<Hasher, AppError> {
    let hashers = &*HASHERS;
    let acquire = hashers.permits.clone().acquire_owned();
    let permit = match wait {
        Wait::Briefly => {
            let queued = Queued::join(&hashers.waiting);
            if hashers.expected_wait(queued.ahead) > HASHER_WAIT {
                return Err(busy());
            }
            let permit = tokio::time::timeout(HASHER_WAIT, acquire).await;
            drop(queued);
            permit.map_err(|_| busy())?
        }
        Wait::Unbounded => acquire.await,
    };
    let permit = permit.context("the password hashers have stopped")?;
    Ok(Hasher { permit })
}

/// `AppError::Busy` when a request that asked for a hasher now would not
/// get one within [`HASHER_WAIT`]: a look before spending anything on a
/// request that [`hasher`] would refuse anyway.
pub fn refuse_if_busy() -> Result<(), AppError> {
    let hashers = &*HASHERS;
    let ahead = hashers.waiting.load(Ordering::Relaxed);
    if hashers.expected_wait(ahead) > HASHER_WAIT {
        return Err(busy());
    }
    Ok(())
}

fn busy() -> AppError {
    AppError::Busy {
        retry_after: BUSY_RETRY_AFTER,
    }
}

impl Hasher {
    /// The argon2id hash of `password`, in PHC string form.
    pub async fn hash(self, password: String) -> Result<String, AppError> {
        self.run(move |memory| hash_with(memory, &password)).await
    }

    /// True when `password` matches `stored`. With no stored hash (unknown
    /// user, or no password set) the work is done anyway and the answer is
    /// false.
    pub async fn verify(self, password: String, stored: Option<String>) -> Result<bool, AppError> {
        self.run(move |memory| {
            let matches = verify_with(memory, &password, stored.as_deref().unwrap_or(DUMMY_HASH))?;
            Ok(stored.is_some() && matches)
        })
        .await
    }

    /// Runs `work` on a hasher thread.
    async fn run<T, F>(self, work: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Memory) -> anyhow::Result<T> + Send + 'static,
    {
        let hashers = &*HASHERS;
        let permit = self.permit;
        let (done, result) = oneshot::channel();
        let job: Job = Box::new(move |memory| {
            // The permit goes with the job and is returned when the thread
            // is done, not when the caller stops waiting (a client that
            // hangs up): so no more jobs than threads are ever queued.
            let _permit = permit;
            if done.is_closed() {
                return;
            }
            let started = Instant::now();
            let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| work(memory)))
                .unwrap_or_else(|_| Err(anyhow::anyhow!("password hashing panicked")));
            hashers.took(started.elapsed());
            let _ = done.send(outcome);
        });
        hashers
            .jobs
            .send(job)
            .map_err(|_| anyhow::anyhow!("no password hasher thread is running"))?;
        Ok(result
            .await
            .context("the password hasher dropped its job")??)
    }
}

/// The argon2 memory one hash runs in.
type Memory = Vec<Block>;
type Job = Box<dyn FnOnce(&mut Memory) + Send>;

/// Room reserved for one hash's argon2 memory. `mus` allocates with
/// jemalloc, which returns a freed block's pages after its decay time; on
/// glibc's malloc (the tests, or a build without jemalloc) the size matters:
/// more than glibc's largest mmap threshold (32 MiB on 64-bit), so that its
/// malloc always gives the block a mapping of its own and unmaps it when it
/// is freed. A smaller block would be unmapped the first time only; glibc
/// then raises its threshold to the block's size, and every later block
/// stays in an allocator arena after it is freed. Only the pages a hash
/// writes (19 MiB) are ever resident.
const MEMORY_RESERVED_BYTES: usize = 33 << 20;

fn fresh_memory() -> Memory {
    Vec::with_capacity(MEMORY_RESERVED_BYTES / size_of::<Block>())
}

/// Argon2 memory between hashes, with when each block was last used; the
/// last one returned is the first one taken, so one block serves a run of
/// sign-ins that come one at a time.
#[derive(Default)]
struct Pool(Mutex<Vec<(Memory, Instant)>>);

impl Pool {
    fn take(&self) -> Memory {
        self.lock()
            .pop()
            .map_or_else(fresh_memory, |(memory, _)| memory)
    }

    fn give_back(&self, memory: Memory) {
        self.lock().push((memory, Instant::now()));
    }

    fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    /// Frees the blocks no hash has used for [`IDLE_MEMORY_KEPT`].
    fn free_idle(&self) {
        self.lock()
            .retain(|(_, used)| used.elapsed() < IDLE_MEMORY_KEPT);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(Memory, Instant)>> {
        // A panicking hash never holds this lock; the list is whole anyway.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The hasher threads, the permits that keep every job on a free one, and
/// what it takes to judge how long a newcomer would wait.
struct Hashers {
    threads: usize,
    permits: Arc<Semaphore>,
    jobs: flume::Sender<Job>,
    /// Requests waiting for a permit.
    waiting: AtomicUsize,
    /// How long one job took lately, in microseconds (a moving average;
    /// 0 until the first job).
    job_micros: AtomicU64,
}

impl Hashers {
    /// How long a request with `ahead` requests before it would wait for a
    /// hasher, at the pace of the latest jobs.
    fn expected_wait(&self, ahead: usize) -> Duration {
        let rounds = u32::try_from(ahead / self.threads.max(1) + 1).unwrap_or(u32::MAX);
        Duration::from_micros(self.job_micros.load(Ordering::Relaxed)).saturating_mul(rounds)
    }

    /// Notes how long a job took: an eighth of the way from the average
    /// towards it.
    fn took(&self, elapsed: Duration) {
        let micros = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX);
        let _ = self
            .job_micros
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |average| {
                Some(match average {
                    0 => micros,
                    _ => average - average / 8 + micros / 8,
                })
            });
    }
}

/// A place in the queue for a hasher, counted while held.
struct Queued<'a> {
    waiting: &'a AtomicUsize,
    /// How many were waiting when this one joined.
    ahead: usize,
}

impl<'a> Queued<'a> {
    fn join(waiting: &'a AtomicUsize) -> Queued<'a> {
        let ahead = waiting.fetch_add(1, Ordering::Relaxed);
        Queued { waiting, ahead }
    }
}

impl Drop for Queued<'_> {
    fn drop(&mut self) {
        self.waiting.fetch_sub(1, Ordering::Relaxed);
    }
}

static HASHERS: LazyLock<Hashers> = LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    let (jobs, queue) = flume::unbounded::<Job>();
    let pool = Arc::new(Pool::default());
    let mut started = 0;
    for n in 0..cores {
        let (queue, pool) = (queue.clone(), Arc::clone(&pool));
        let spawned = std::thread::Builder::new()
            .name(format!("argon2-{n}"))
            .spawn(move || hasher_thread(&queue, &pool));
        match spawned {
            Ok(_) => started += 1,
            Err(error) => tracing::error!(%error, "cannot start a password hasher thread"),
        }
    }
    // With no thread started every receiver is gone with this function's
    // handle, and every job fails instead of waiting forever.
    Hashers {
        threads: started,
        permits: Arc::new(Semaphore::new(started)),
        jobs,
        waiting: AtomicUsize::new(0),
        job_micros: AtomicU64::new(0),
    }
});

/// Runs jobs in memory from `pool`; while the pool holds memory, it wakes
/// when no job has come for [`IDLE_MEMORY_KEPT`] to free what is idle.
fn hasher_thread(queue: &flume::Receiver<Job>, pool: &Pool) {
    loop {
        let job = if pool.is_empty() {
            queue.recv().ok()
        } else {
            match queue.recv_timeout(IDLE_MEMORY_KEPT) {
                Ok(job) => Some(job),
                Err(flume::RecvTimeoutError::Timeout) => {
                    pool.free_idle();
                    continue;
                }
                Err(flume::RecvTimeoutError::Disconnected) => None,
            }
        };
        let Some(job) = job else { return };
        let mut memory = pool.take();
        job(&mut memory);
        pool.give_back(memory);
    }
}

/// `memory`, grown to what `params` need.
fn blocks<'a>(memory: &'a mut Memory, params: &Params) -> &'a mut [Block] {
    if memory.len() < params.block_count() {
        memory.resize(params.block_count(), Block::default());
    }
    memory
}

fn hash_with(memory: &mut Memory, password: &str) -> anyhow::Result<String> {
    let params = Params::default();
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_bytes = [0; 64];
    let output = (|| {
        let salt_bytes = salt.as_salt().decode_b64(&mut salt_bytes)?;
        let output = Output::init_with(Params::DEFAULT_OUTPUT_LEN, |out| {
            argon2
                .hash_password_into_with_memory(
                    password.as_bytes(),
                    salt_bytes,
                    out,
                    blocks(memory, &params),
                )
                .map_err(Into::into)
        })?;
        Ok::<_, argon2::password_hash::Error>(
            PasswordHash {
                algorithm: Algorithm::Argon2id.ident(),
                version: Some(Version::V0x13.into()),
                params: ParamsString::try_from(&params)?,
                salt: Some(salt.as_salt()),
                hash: Some(output),
            }
            .to_string(),
        )
    })();
    output.map_err(|e| anyhow::anyhow!("password hashing failed: {e}"))
}

/// What `argon2::PasswordVerifier` does, but in `memory` rather than in a
/// fresh allocation. `Output`'s comparison is constant-time.
fn verify_with(memory: &mut Memory, password: &str, stored: &str) -> anyhow::Result<bool> {
    let hash = PasswordHash::new(stored)
        .map_err(|e| anyhow::anyhow!("stored password hash is malformed: {e}"))?;
    let malformed = |e: argon2::password_hash::Error| {
        anyhow::anyhow!("stored password hash cannot be checked: {e}")
    };
    let (Some(salt), Some(expected)) = (hash.salt, hash.hash) else {
        anyhow::bail!("stored password hash has no salt or no hash");
    };
    let algorithm = Algorithm::try_from(hash.algorithm).map_err(malformed)?;
    let version = hash
        .version
        .map(Version::try_from)
        .transpose()
        .map_err(|e| malformed(e.into()))?
        .unwrap_or_default();
    let params = Params::try_from(&hash).map_err(malformed)?;
    let mut salt_bytes = [0; 64];
    let salt_bytes = salt.decode_b64(&mut salt_bytes).map_err(malformed)?;
    let argon2 = Argon2::new(algorithm, version, params.clone());
    let computed = Output::init_with(expected.len(), |out| {
        argon2
            .hash_password_into_with_memory(
                password.as_bytes(),
                salt_bytes,
                out,
                blocks(memory, &params),
            )
            .map_err(Into::into)
    })
    .map_err(malformed)?;
    Ok(computed == expected)
}

/// Adds an error on `field` when the password is too short or too long.
pub fn check_new_password(field: &str, password: &str, errors: &mut Vec<mus_domain::FieldError>) {
    if !mus_domain::auth::password_fits(password) {
        errors.push(mus_domain::FieldError::new(
            field,
            format!(
                "a password has {} to {} characters",
                MIN_PASSWORD_CHARS, MAX_PASSWORD_CHARS
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use argon2::{PasswordHasher, PasswordVerifier};

    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_only_its_own_password() {
        let hash = hash_password("kanelsnegl-2027".into(), Wait::Unbounded)
            .await
            .unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(
            verify_password("kanelsnegl-2027".into(), Some(hash.clone()))
                .await
                .unwrap()
        );
        assert!(
            !verify_password("kanelsnegl-2028".into(), Some(hash))
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn an_unknown_user_never_verifies() {
        assert!(
            !verify_password("not a real password".into(), None)
                .await
                .unwrap()
        );
    }

    #[test]
    fn hashes_agree_with_the_argon2_crate_both_ways() {
        let mut memory = fresh_memory();
        let ours = hash_with(&mut memory, "kanelsnegl-2027").unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(
            Argon2::default()
                .verify_password(b"kanelsnegl-2027", &parsed)
                .is_ok()
        );
        let salt = SaltString::generate(&mut OsRng);
        let theirs = Argon2::default()
            .hash_password(b"kanelsnegl-2027", &salt)
            .unwrap()
            .to_string();
        assert!(verify_with(&mut memory, "kanelsnegl-2027", &theirs).unwrap());
        assert!(!verify_with(&mut memory, "kanelsnegl-2028", &theirs).unwrap());
    }

    #[test]
    fn memory_is_reused_while_in_use_and_freed_once_idle() {
        let pool = Pool::default();
        let mut memory = pool.take();
        let params = Params::default();
        let reserved = memory.capacity();
        assert!(reserved * size_of::<Block>() >= MEMORY_RESERVED_BYTES);
        assert_eq!(blocks(&mut memory, &params).len(), params.block_count());
        assert_eq!(
            memory.capacity(),
            reserved,
            "the hash fits in what was reserved"
        );
        let at = memory.as_ptr();
        pool.give_back(memory);
        pool.free_idle();
        let memory = pool.take();
        assert_eq!(
            memory.as_ptr(),
            at,
            "memory used just now is kept and reused"
        );
        pool.give_back(memory);
        std::thread::sleep(IDLE_MEMORY_KEPT);
        pool.free_idle();
        assert!(pool.is_empty());
    }

    #[test]
    fn the_dummy_hash_costs_what_a_real_one_does() {
        let dummy = PasswordHash::new(DUMMY_HASH).unwrap();
        let params = Params::try_from(&dummy).unwrap();
        let today = Params::default();
        assert_eq!(
            (params.m_cost(), params.t_cost(), params.p_cost()),
            (today.m_cost(), today.t_cost(), today.p_cost())
        );
        assert_eq!(dummy.algorithm, Algorithm::Argon2id.ident());
        let mut memory = fresh_memory();
        assert!(verify_with(&mut memory, "not a real password", DUMMY_HASH).unwrap());
    }

    #[test]
    fn a_newcomer_is_refused_only_when_the_queue_ahead_is_longer_than_the_wait() {
        let hashers = Hashers {
            threads: 2,
            permits: Arc::new(Semaphore::new(2)),
            jobs: flume::unbounded().0,
            waiting: AtomicUsize::new(0),
            job_micros: AtomicU64::new(0),
        };
        // Until a job has been timed, nobody is refused.
        assert_eq!(hashers.expected_wait(1000), Duration::ZERO);
        hashers.took(Duration::from_millis(100));
        assert_eq!(hashers.expected_wait(0), Duration::from_millis(100));
        assert_eq!(hashers.expected_wait(39), HASHER_WAIT);
        assert!(hashers.expected_wait(40) > HASHER_WAIT);
        // Slower jobs lately: the estimate follows, an eighth at a time.
        hashers.took(Duration::from_millis(900));
        assert_eq!(hashers.expected_wait(0), Duration::from_millis(200));
    }
}
