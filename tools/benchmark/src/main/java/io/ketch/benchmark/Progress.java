package io.ketch.benchmark;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on a terminal, nothing otherwise (pipes and scripts get the report only). */
interface Progress extends AutoCloseable {

    /** One more request done. */
    void step();

    @Override
    void close();

    /** A bar of {@code total} steps when stdout is a terminal and output is for people. */
    static Progress create(String task, long total, boolean forPeople) {
        if (!forPeople || System.console() == null) {
            return new Progress() {
                @Override
                public void step() {
                }

                @Override
                public void close() {
                }
            };
        }
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.out)).build();
        return new Progress() {
            @Override
            public void step() {
                bar.step();
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}
