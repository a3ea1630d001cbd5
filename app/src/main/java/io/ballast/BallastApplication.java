package io.ballast;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Ballast service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BallastApplication {

    public static void start(String[] args) {
        SpringApplication.run(BallastApplication.class, args);
    }

    public static void main(String[] args) {
        start(args);
    }
}
