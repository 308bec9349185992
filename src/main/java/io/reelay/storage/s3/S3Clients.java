package io.reelay.storage.s3;

import java.time.Duration;

import io.reelay.config.ReelayConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The S3 client and presigner for {@link ReelayConfig.Storage}: endpoint, region, addressing, credentials. */
final class S3Clients {

    /** The longest a SigV4 presigned URL may live. */
    static final Duration MAX_PRESIGN = Duration.ofDays(7);

    private S3Clients() {
    }

    static S3Client client(ReelayConfig.Storage storage) {
        var builder = S3Client.builder()
                .region(Region.of(storage.region()))
                .credentialsProvider(credentials(storage))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(storage.pathStyle()).build())
                // Checksums only where the API requires them: S3-compatible stores (MinIO, s3proxy, R2...) differ in
                // the newer trailing-checksum forms. The SHA-256 of each copy is Reelay's own, computed on the way.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                // One attempt per call: the lifecycle decides when to try a copy again.
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(Math.max(4, storage.concurrency() * 2))
                        .connectionTimeout(storage.storeCallTimeout())
                        .socketTimeout(storage.storeCallTimeout()));
        storage.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    static S3Presigner presigner(ReelayConfig.Storage storage) {
        var builder = S3Presigner.builder()
                .region(Region.of(storage.region()))
                .credentialsProvider(credentials(storage))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(storage.pathStyle()).build());
        storage.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** The configured keys, or the SDK's default chain (environment, web identity, instance profile). */
    static AwsCredentialsProvider credentials(ReelayConfig.Storage storage) {
        String id = storage.accessKeyId().map(String::trim).orElse("");
        String secret = storage.secretAccessKey().map(String::trim).orElse("");
        if (id.isEmpty() != secret.isEmpty()) {
            throw new IllegalArgumentException("reelay.storage.access-key-id and reelay.storage.secret-access-key "
                    + "are set together, or neither");
        }
        return id.isEmpty() ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(id, secret));
    }
}
