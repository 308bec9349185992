package io.reelay.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * Streams one file into a bucket without holding it whole: one PutObject streamed from the source when its length is
 * known; otherwise parts of {@code partSize} bytes (one in memory at a time) in a multipart upload, or a single
 * PutObject when the whole file fits in the first part. A failed multipart upload is aborted, so no part lingers.
 */
final class S3Uploader {

    private final S3Client s3;
    private final int partSize;

    S3Uploader(S3Client s3, int partSize) {
        this.s3 = s3;
        this.partSize = partSize;
    }

    /** Uploads {@code in} to {@code bucket}/{@code key}; returns the bytes stored. */
    long upload(String bucket, String key, String contentType, InputStream in, OptionalLong length)
            throws IOException {
        if (length.isPresent()) {
            s3.putObject(put(bucket, key, contentType).contentLength(length.getAsLong()).build(),
                    RequestBody.fromInputStream(in, length.getAsLong()));
            return length.getAsLong();
        }
        byte[] first = in.readNBytes(partSize);
        if (first.length < partSize) {
            s3.putObject(put(bucket, key, contentType).build(), RequestBody.fromBytes(first));
            return first.length;
        }
        return multipart(bucket, key, contentType, first, in);
    }

    private long multipart(String bucket, String key, String contentType, byte[] first, InputStream in)
            throws IOException {
        String uploadId = s3.createMultipartUpload(CreateMultipartUploadRequest.builder()
                .bucket(bucket).key(key).contentType(contentType).build()).uploadId();
        boolean completed = false;
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long total = 0;
            byte[] part = first;
            while (part.length > 0) {
                int number = parts.size() + 1;
                String etag = s3.uploadPart(UploadPartRequest.builder().bucket(bucket).key(key).uploadId(uploadId)
                        .partNumber(number).contentLength((long) part.length).build(),
                        RequestBody.fromBytes(part)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                total += part.length;
                part = in.readNBytes(partSize);
            }
            s3.completeMultipartUpload(CompleteMultipartUploadRequest.builder().bucket(bucket).key(key)
                    .uploadId(uploadId).multipartUpload(CompletedMultipartUpload.builder().parts(parts).build())
                    .build());
            completed = true;
            return total;
        } finally {
            if (!completed) {
                abort(bucket, key, uploadId);
            }
        }
    }

    private void abort(String bucket, String key, String uploadId) {
        try {
            s3.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(bucket).key(key).uploadId(uploadId)
                    .build());
        } catch (RuntimeException e) {
            // the store is failing already; a bucket lifecycle rule removes abandoned uploads (docs/storage.md)
        }
    }

    private static PutObjectRequest.Builder put(String bucket, String key, String contentType) {
        return PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType);
    }
}
