#include "bde/sector_workers.hpp"

#include <algorithm>
#include <atomic>
#include <optional>
#include <system_error>

namespace bde {

// One run() call. Shared with the workers that were asked to help, so it outlives the caller's wait even
// if a worker picks up its queue entry only after every chunk is done.
struct SectorWorkers::Job {
    const ChunkFn* fn = nullptr;  // valid until `finished == chunks`; never touched after that
    std::size_t chunks = 0;
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::mutex mutex;
    std::condition_variable all_done;
    std::size_t finished = 0;
    std::optional<Error> error;

    // Claims and runs chunks until none are left.
    void drain(crypto::SectorCipher& cipher) {
        for (;;) {
            std::size_t i = next.fetch_add(1);
            if (i >= chunks) return;
            Result<void> r = failed.load() ? Result<void>{} : (*fn)(i, cipher);
            std::lock_guard lock(mutex);
            if (!r && !error) {
                error = r.error();
                failed = true;
            }
            if (++finished == chunks) all_done.notify_all();
        }
    }
};

std::size_t default_sector_worker_count() {
    unsigned n = std::thread::hardware_concurrency();
    return std::clamp<std::size_t>(n == 0 ? 2 : n, 1, 16);
}

Result<std::unique_ptr<SectorWorkers>> SectorWorkers::start(std::size_t threads, const CipherFactory& make_cipher) {
    std::unique_ptr<SectorWorkers> pool(new SectorWorkers());
    for (std::size_t i = 0; i < std::max<std::size_t>(threads, 1); ++i) {
        auto c = make_cipher();
        if (!c) return std::unexpected(c.error());
        pool->ciphers_.push_back(std::make_unique<crypto::SectorCipher>(std::move(*c)));
    }
    try {
        for (auto& c : pool->ciphers_) pool->threads_.emplace_back([p = pool.get(), &cipher = *c] { p->work(cipher); });
    } catch (const std::system_error& e) {
        return fail(Errc::internal, "Could not start the decryption threads.", e.what());  // destructor joins the started ones
    }
    return pool;
}

SectorWorkers::~SectorWorkers() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& t : threads_) t.join();
}

void SectorWorkers::work(crypto::SectorCipher& cipher) {
    for (;;) {
        std::shared_ptr<Job> job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;  // no run() can be waiting: the owner is being destroyed
            job = std::move(queue_.front());
            queue_.pop_front();
        }
        job->drain(cipher);
    }
}

Result<void> SectorWorkers::run(std::size_t chunks, const ChunkFn& fn, crypto::SectorCipher& caller_cipher) {
    if (chunks == 0) return {};
    auto job = std::make_shared<Job>();
    job->fn = &fn;
    job->chunks = chunks;
    std::size_t helpers = std::min(threads_.size(), chunks - 1);
    if (helpers > 0) {
        {
            std::lock_guard lock(mutex_);
            for (std::size_t i = 0; i < helpers; ++i) queue_.push_back(job);
        }
        if (helpers == 1) wake_.notify_one();
        else wake_.notify_all();
    }
    job->drain(caller_cipher);
    std::unique_lock lock(job->mutex);
    job->all_done.wait(lock, [&] { return job->finished == chunks; });
    if (job->error) return std::unexpected(*job->error);
    return {};
}

}  // namespace bde
