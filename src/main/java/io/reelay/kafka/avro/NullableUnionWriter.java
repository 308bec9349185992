package io.reelay.kafka.avro;

import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Avro's writer for generated classes, told the branch of an optional field ({@code ["null", X]}, the only union
 * Reelay's schemas use) by whether the value is null. Avro's own resolution looks the value's schema name up in the
 * union for every optional field written, through the model's conversions and stringable classes: a quarter of the
 * time encoding took, on every state store write and record (docs/benchmark.md). Any other union is left to Avro.
 * The bytes are Avro's (AvroSerdeBytesPropertiesTest).
 */
final class NullableUnionWriter<T> extends SpecificDatumWriter<T> {

    NullableUnionWriter(Schema schema, SpecificData model) {
        super(schema, model);
    }

    @Override
    protected int resolveUnion(Schema union, Object datum) {
        List<Schema> branches = union.getTypes();
        if (branches.size() == 2) {
            if (branches.get(0).getType() == Schema.Type.NULL) {
                return datum == null ? 0 : 1;
            }
            if (branches.get(1).getType() == Schema.Type.NULL) {
                return datum == null ? 1 : 0;
            }
        }
        return super.resolveUnion(union, datum);
    }
}
