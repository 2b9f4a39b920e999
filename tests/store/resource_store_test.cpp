#include "store/resource_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <thread>

#include "json/parser.h"

namespace lienthong::store {
namespace {

namespace fs = std::filesystem;

class ResourceStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("lienthong-store-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    Reopen();
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  void Reopen() {
    store_.reset();
    StoreOptions options;
    options.path = dir_.string();
    auto opened = ResourceStore::Open(options);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened.value());
  }
  static WriteOp Put(std::string type, std::string id, const std::string& json,
                     WriteOp::Kind kind = WriteOp::Kind::kUpdate) {
    WriteOp op;
    op.kind = kind;
    op.type = std::move(type);
    op.id = std::move(id);
    op.resource = json::Parse(json).value();
    return op;
  }
  static WriteOp Delete(std::string type, std::string id) {
    WriteOp op;
    op.kind = WriteOp::Kind::kDelete;
    op.type = std::move(type);
    op.id = std::move(id);
    return op;
  }

  fs::path dir_;
  std::unique_ptr<ResourceStore> store_;
};

TEST_F(ResourceStoreTest, WritesVersionsAndStampsMeta) {
  auto r1 =
      store_->CommitAndWait({Put("Patient", "p1", R"({"resourceType":"Patient","id":"p1"})")});
  ASSERT_TRUE(r1.ok()) << r1.status().ToString();
  EXPECT_EQ((*r1)[0].version, 1u);
  EXPECT_TRUE((*r1)[0].created);
  auto r2 = store_->CommitAndWait(
      {Put("Patient", "p1", R"({"resourceType":"Patient","id":"p1","active":true})")});
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ((*r2)[0].version, 2u);
  EXPECT_FALSE((*r2)[0].created);

  auto current = store_->Read("Patient", "p1");
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(current->version, 2u);
  auto parsed = json::Parse(current->json);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->members()[2].key, "meta");  // placed after resourceType and id
  EXPECT_EQ(parsed->find("meta")->get_string("versionId"), "2");
  EXPECT_TRUE(parsed->find("active")->as_bool());

  auto v1 = store_->ReadVersion("Patient", "p1", 1);
  ASSERT_TRUE(v1.ok());
  EXPECT_EQ(json::Parse(v1->json)->find("active"), nullptr);
  EXPECT_EQ(store_->ReadVersion("Patient", "p1", 3).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(store_->Read("Patient", "nope").status().code(), ErrorCode::kNotFound);
}

TEST_F(ResourceStoreTest, DeleteKeepsHistoryAndAllowsRecreate) {
  ASSERT_TRUE(store_->CommitAndWait({Put("Patient", "p", R"({"resourceType":"Patient"})")}).ok());
  auto del = store_->CommitAndWait({Delete("Patient", "p")});
  ASSERT_TRUE(del.ok());
  EXPECT_EQ((*del)[0].version, 2u);
  EXPECT_TRUE((*del)[0].deleted);
  auto read = store_->Read("Patient", "p");
  ASSERT_TRUE(read.ok());
  EXPECT_TRUE(read->deleted);
  // Deleting again changes nothing.
  auto again = store_->CommitAndWait({Delete("Patient", "p")});
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE((*again)[0].no_op);
  auto back = store_->CommitAndWait({Put("Patient", "p", R"({"resourceType":"Patient"})")});
  ASSERT_TRUE(back.ok());
  EXPECT_EQ((*back)[0].version, 3u);
  EXPECT_TRUE((*back)[0].created);

  HistoryQuery q;
  q.type = "Patient";
  q.id = "p";
  auto page = store_->History(q);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->entries.size(), 3u);
  EXPECT_EQ(page->entries[0].resource.version, 3u);
  EXPECT_EQ(page->entries[1].op, HistoryOp::kDelete);
  EXPECT_EQ(page->entries[2].op, HistoryOp::kCreate);
  EXPECT_EQ(*page->total, 3u);
}

TEST_F(ResourceStoreTest, FailedUnitWritesNothingAndDoesNotDisturbOthers) {
  ASSERT_TRUE(store_->CommitAndWait({Put("Patient", "a", R"({"resourceType":"Patient"})")}).ok());
  WriteOp bad = Put("Patient", "a", R"({"resourceType":"Patient"})");
  bad.if_match = 7;
  auto failed =
      store_->CommitAndWait({Put("Patient", "b", R"({"resourceType":"Patient"})"), std::move(bad)});
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), ErrorCode::kPreconditionFailed);
  EXPECT_EQ(store_->Read("Patient", "b").status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(store_->Read("Patient", "a")->version, 1u);

  auto conflict = store_->CommitAndWait(
      {Put("Patient", "a", R"({"resourceType":"Patient"})", WriteOp::Kind::kCreate)});
  EXPECT_EQ(conflict.status().code(), ErrorCode::kConflict);
}

TEST_F(ResourceStoreTest, ConcurrentWritersAreGroupedAndAllDurable) {
  std::atomic<uint64_t> groups_seen{0};
  store_->SetGroupObserver([&](size_t) { groups_seen.fetch_add(1); });
  constexpr int kThreads = 16;
  constexpr int kPerThread = 40;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        // Every thread also updates one shared resource: versions must not be lost.
        auto r = store_->CommitAndWait(
            {Put("Observation", "o" + std::to_string(t) + "-" + std::to_string(i),
                 R"({"resourceType":"Observation"})"),
             Put("Patient", "shared", R"({"resourceType":"Patient"})")});
        ASSERT_TRUE(r.ok()) << r.status().ToString();
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(store_->Read("Patient", "shared")->version, uint64_t{kThreads * kPerThread});
  EXPECT_LT(groups_seen.load(), uint64_t{kThreads * kPerThread});  // some grouping happened
  Reopen();
  int count = 0;
  ASSERT_TRUE(store_
                  ->ForEachCurrent("Observation",
                                   [&](const StoredResource&) {
                                     ++count;
                                     return true;
                                   })
                  .ok());
  EXPECT_EQ(count, kThreads * kPerThread);
  EXPECT_EQ(store_->Read("Patient", "shared")->version, uint64_t{kThreads * kPerThread});
}

TEST_F(ResourceStoreTest, HistoryPagesStayStableWhileWritesContinue) {
  for (int i = 0; i < 25; ++i) {
    ASSERT_TRUE(store_
                    ->CommitAndWait(
                        {Put("Patient", "p" + std::to_string(i), R"({"resourceType":"Patient"})")})
                    .ok());
  }
  HistoryQuery q;
  q.type = "Patient";
  q.count = 10;
  auto first = store_->History(q);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->entries.size(), 10u);
  EXPECT_EQ(first->entries[0].resource.id, "p24");
  ASSERT_FALSE(first->next_cursor.empty());
  // New writes after the first page do not shift later pages.
  ASSERT_TRUE(
      store_->CommitAndWait({Put("Patient", "late", R"({"resourceType":"Patient"})")}).ok());
  std::set<std::string> seen;
  for (auto& e : first->entries) seen.insert(e.resource.id);
  std::string cursor = first->next_cursor;
  while (!cursor.empty()) {
    q.cursor = cursor;
    auto page = store_->History(q);
    ASSERT_TRUE(page.ok());
    for (auto& e : page->entries) EXPECT_TRUE(seen.insert(e.resource.id).second);
    cursor = page->next_cursor;
  }
  EXPECT_EQ(seen.size(), 25u);
  EXPECT_EQ(seen.count("late"), 0u);

  HistoryQuery system;
  system.count = 100;
  auto all = store_->History(system);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->entries.size(), 26u);
  EXPECT_TRUE(all->next_cursor.empty());
  HistoryQuery since = system;
  since.since_us = all->entries[0].resource.last_updated_us;
  EXPECT_EQ(store_->History(since)->entries.size(), 1u);
}

TEST_F(ResourceStoreTest, ReadsNeverGoBackToAnOlderVersionWhileWritesGoOn) {
  constexpr uint64_t kWrites = 300;
  std::atomic<bool> done{false};
  std::vector<std::thread> readers;
  std::atomic<int> regressions{0};
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      uint64_t seen = 0;
      while (!done.load()) {
        auto read = store_->Read("Patient", "hot");
        if (!read.ok()) continue;
        if (read->version < seen) regressions.fetch_add(1);
        seen = std::max(seen, read->version);
      }
    });
  }
  for (uint64_t i = 0; i < kWrites; ++i) {
    ASSERT_TRUE(
        store_->CommitAndWait({Put("Patient", "hot", R"({"resourceType":"Patient"})")}).ok());
    // Once a write is acknowledged, every read sees it.
    EXPECT_EQ(store_->Read("Patient", "hot")->version, i + 1);
  }
  done = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(regressions.load(), 0);
}

TEST_F(ResourceStoreTest, ForEachCurrentOfReadsTheTypesFromOneView) {
  ASSERT_TRUE(store_
                  ->CommitAndWait({Put("Patient", "p1", R"({"resourceType":"Patient"})"),
                                   Put("Patient", "p2", R"({"resourceType":"Patient"})"),
                                   Put("Observation", "o1", R"({"resourceType":"Observation"})"),
                                   Put("Device", "d1", R"({"resourceType":"Device"})")})
                  .ok());
  std::vector<std::string> seen;
  bool wrote = false;
  ASSERT_TRUE(store_
                  ->ForEachCurrentOf({"Patient", "Observation"},
                                     [&](const StoredResource& r) {
                                       seen.push_back(r.type + "/" + r.id);
                                       if (!wrote) {
                                         // Committed after the view was taken: not seen.
                                         wrote = true;
                                         EXPECT_TRUE(store_
                                                         ->CommitAndWait({Put(
                                                             "Observation", "o2",
                                                             R"({"resourceType":"Observation"})")})
                                                         .ok());
                                       }
                                       return true;
                                     })
                  .ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"Patient/p1", "Patient/p2", "Observation/o1"}));
  seen.clear();
  ASSERT_TRUE(store_
                  ->ForEachCurrentOf({"Device", "Patient"},
                                     [&](const StoredResource& r) {
                                       seen.push_back(r.type + "/" + r.id);
                                       return false;
                                     })
                  .ok());
  EXPECT_EQ(seen, std::vector<std::string>{"Device/d1"});
}

}  // namespace
}  // namespace lienthong::store
