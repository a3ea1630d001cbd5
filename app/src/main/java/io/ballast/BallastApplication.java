package io.ballast;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Ballast service. */
@SpringBootApplication
public class BallastApplication {

    public static void start(String[] args) {
        SpringApplication.run(BallastApplication.class, args);
    }

    public static void main(String[] args) {
        start(args);
    }
}
