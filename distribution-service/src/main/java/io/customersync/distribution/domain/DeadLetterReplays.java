package io.customersync.distribution.domain;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

/**
 * Owner of {@code dead_letter_replay}: the dead letters ops replayed from the pipeline page, one row per
 * record (a second replay of the same record is refused), with who and when. Cold path.
 */
@ApplicationScoped
public class DeadLetterReplays {

    /** One replayed dead letter: which record, who, when, and where it went (null until the broker took it). */
    public record Replay(String topic, int partition, long offset, String replayedBy, Instant replayedAt,
            String replayedTo) {
    }

    private final EntityManager em;

    public DeadLetterReplays(EntityManager em) {
        this.em = em;
    }

    /**
     * Claims the record for a replay, in the caller's transaction (a concurrent claim waits for it).
     *
     * @throws DeadLetterAlreadyReplayedException when it was replayed before
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void claim(String topic, int partition, long offset, String replayedBy) {
        int inserted = em.createNativeQuery("""
                insert into dead_letter_replay (topic, partition, "offset", replayed_by) values (?1, ?2, ?3, ?4)
                on conflict do nothing""").setParameter(1, topic).setParameter(2, partition).setParameter(3, offset)
                .setParameter(4, replayedBy).executeUpdate();
        if (inserted == 0) {
            throw new DeadLetterAlreadyReplayedException(topic, partition, offset);
        }
    }

    /** Notes where the claimed record went. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void sentTo(String topic, int partition, long offset, String replayedTo) {
        em.createNativeQuery("""
                update dead_letter_replay set replayed_to = ?4 where topic = ?1 and partition = ?2 and "offset" = ?3""")
                .setParameter(1, topic).setParameter(2, partition).setParameter(3, offset).setParameter(4, replayedTo)
                .executeUpdate();
    }

    /** The replays of a dead-letter topic's records from this offset on (any partition). */
    @Transactional
    public List<Replay> since(String topic, long fromOffset) {
        List<Tuple> rows = em.createNativeQuery("""
                select topic, partition, "offset", replayed_by, replayed_at, replayed_to from dead_letter_replay
                where topic = ?1 and "offset" >= ?2""", Tuple.class).setParameter(1, topic).setParameter(2, fromOffset)
                .getResultList();
        return rows.stream().map(r -> new Replay(r.get(0, String.class), r.get(1, Number.class).intValue(),
                r.get(2, Number.class).longValue(), r.get(3, String.class), r.get(4, Instant.class),
                r.get(5, String.class))).toList();
    }
}
