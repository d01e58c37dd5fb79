"""Ranking and typo correction (pure)."""

from __future__ import annotations

from bot.catalogue.model import Term
from bot.catalogue.search import Tier, Vocabulary, rank, tier_of


def test_tiers_are_exact_prefix_word_fuzzy() -> None:
    assert tier_of("seven", "seven") is Tier.EXACT
    assert tier_of("seven", "seven latto") is Tier.PREFIX
    assert tier_of("latto", "seven latto") is Tier.WORD
    assert tier_of("lat sev", "seven latto") is Tier.WORD
    assert tier_of("sevn", "seven latto") is Tier.FUZZY


def test_rank_orders_by_tier_then_weight() -> None:
    terms = [
        Term("seventeen", "artist", 1, 100),
        Term("seven latto", "song", 2, 0),
        Term("seven", "song", 2, 0),
        Term("the seven seas", "song", 3, 50),
    ]
    hits = rank("seven", terms)
    assert [(h.kind, h.entity_id) for h in hits] == [("song", 2), ("artist", 1), ("song", 3)]
    assert hits[0].tier is Tier.EXACT


def test_one_hit_per_entity_keeps_its_best_match() -> None:
    hits = rank("jk", [Term("jung kook", "artist", 7, 5), Term("jk", "artist", 7, 5)])
    assert len(hits) == 1 and hits[0].tier is Tier.EXACT


def test_fuzzy_hits_come_last() -> None:
    hits = rank("pink", [Term("pink venom", "song", 1, 0)], fuzzy=[Term("pinky", "artist", 2, 99)])
    assert hits[-1].entity_id == 2 and hits[-1].tier is Tier.FUZZY


def test_vocabulary_corrects_typos_word_by_word() -> None:
    vocabulary = Vocabulary(["blackpink", "bruno mars", "lady gaga"])
    assert vocabulary.corrections("blakcpink") == ["blackpink"]
    assert vocabulary.corrected_queries(["brunno", "mars"]) == [["bruno", "mars"]]
    assert vocabulary.corrected_queries(["bruno", "mars"]) == []
    assert vocabulary.corrections("zz") == []


def test_nearest_terms_for_did_you_mean() -> None:
    vocabulary = Vocabulary(["coldplay", "sour candy", "bruno mars"])
    assert vocabulary.nearest_terms("coldplay qqxzv")[0] == "coldplay"
