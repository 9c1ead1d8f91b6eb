import * as $protobuf from "protobufjs";
import Long = require("long");

/** Namespace dis. */
export namespace dis {

    /**
     * Properties of an ExtendedInfo.
     * @deprecated Use dis.ExtendedInfo.$Properties instead.
     */
    interface IExtendedInfo extends dis.ExtendedInfo.$Properties {
    }

    /** Represents an ExtendedInfo. */
    class ExtendedInfo {

        /**
         * Constructs a new ExtendedInfo.
         * @param [properties] Properties to set
         */
        constructor(properties?: dis.ExtendedInfo.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** ExtendedInfo fileName. */
        fileName: string;

        /** ExtendedInfo deliverDataId. */
        deliverDataId: string;

        /** ExtendedInfo endFlag. */
        endFlag: boolean;

        /** ExtendedInfo seqNum. */
        seqNum: (number|Long);

        /**
         * Encodes the specified ExtendedInfo message. Does not implicitly {@link dis.ExtendedInfo.verify|verify} messages.
         * @param message ExtendedInfo message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dis.ExtendedInfo.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes an ExtendedInfo message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dis.ExtendedInfo & dis.ExtendedInfo.$Shape} ExtendedInfo
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dis.ExtendedInfo & dis.ExtendedInfo.$Shape;

        /**
         * Gets the type url for ExtendedInfo
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace ExtendedInfo {

        /** Properties of an ExtendedInfo. */
        interface $Properties {

            /** ExtendedInfo fileName */
            fileName?: (string|null);

            /** ExtendedInfo deliverDataId */
            deliverDataId?: (string|null);

            /** ExtendedInfo endFlag */
            endFlag?: (boolean|null);

            /** ExtendedInfo seqNum */
            seqNum?: (number|Long|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of an ExtendedInfo. */
        type $Shape = dis.ExtendedInfo.$Properties;
    }

    /**
     * Properties of a PutRecordsRequestEntry.
     * @deprecated Use dis.PutRecordsRequestEntry.$Properties instead.
     */
    interface IPutRecordsRequestEntry extends dis.PutRecordsRequestEntry.$Properties {
    }

    /** Represents a PutRecordsRequestEntry. */
    class PutRecordsRequestEntry {

        /**
         * Constructs a new PutRecordsRequestEntry.
         * @param [properties] Properties to set
         */
        constructor(properties?: dis.PutRecordsRequestEntry.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** PutRecordsRequestEntry data. */
        data: Uint8Array;

        /** PutRecordsRequestEntry explicitHashKey. */
        explicitHashKey: string;

        /** PutRecordsRequestEntry partitionKey. */
        partitionKey: string;

        /** PutRecordsRequestEntry partitionId. */
        partitionId: string;

        /** PutRecordsRequestEntry extendedInfo. */
        extendedInfo?: (dis.ExtendedInfo.$Properties|null);

        /** PutRecordsRequestEntry timestamp. */
        timestamp: (number|Long);

        /**
         * Encodes the specified PutRecordsRequestEntry message. Does not implicitly {@link dis.PutRecordsRequestEntry.verify|verify} messages.
         * @param message PutRecordsRequestEntry message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dis.PutRecordsRequestEntry.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a PutRecordsRequestEntry message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dis.PutRecordsRequestEntry & dis.PutRecordsRequestEntry.$Shape} PutRecordsRequestEntry
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dis.PutRecordsRequestEntry & dis.PutRecordsRequestEntry.$Shape;

        /**
         * Gets the type url for PutRecordsRequestEntry
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace PutRecordsRequestEntry {

        /** Properties of a PutRecordsRequestEntry. */
        interface $Properties {

            /** PutRecordsRequestEntry data */
            data?: (Uint8Array|null);

            /** PutRecordsRequestEntry explicitHashKey */
            explicitHashKey?: (string|null);

            /** PutRecordsRequestEntry partitionKey */
            partitionKey?: (string|null);

            /** PutRecordsRequestEntry partitionId */
            partitionId?: (string|null);

            /** PutRecordsRequestEntry extendedInfo */
            extendedInfo?: (dis.ExtendedInfo.$Properties|null);

            /** PutRecordsRequestEntry timestamp */
            timestamp?: (number|Long|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a PutRecordsRequestEntry. */
        type $Shape = dis.PutRecordsRequestEntry.$Properties;
    }

    /**
     * Properties of a PutRecordsRequest.
     * @deprecated Use dis.PutRecordsRequest.$Properties instead.
     */
    interface IPutRecordsRequest extends dis.PutRecordsRequest.$Properties {
    }

    /** Represents a PutRecordsRequest. */
    class PutRecordsRequest {

        /**
         * Constructs a new PutRecordsRequest.
         * @param [properties] Properties to set
         */
        constructor(properties?: dis.PutRecordsRequest.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** PutRecordsRequest streamName. */
        streamName: string;

        /** PutRecordsRequest records. */
        records: dis.PutRecordsRequestEntry.$Properties[];

        /** PutRecordsRequest streamId. */
        streamId: string;

        /**
         * Encodes the specified PutRecordsRequest message. Does not implicitly {@link dis.PutRecordsRequest.verify|verify} messages.
         * @param message PutRecordsRequest message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dis.PutRecordsRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a PutRecordsRequest message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dis.PutRecordsRequest & dis.PutRecordsRequest.$Shape} PutRecordsRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dis.PutRecordsRequest & dis.PutRecordsRequest.$Shape;

        /**
         * Gets the type url for PutRecordsRequest
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace PutRecordsRequest {

        /** Properties of a PutRecordsRequest. */
        interface $Properties {

            /** PutRecordsRequest streamName */
            streamName: string;

            /** PutRecordsRequest records */
            records?: (dis.PutRecordsRequestEntry.$Properties[]|null);

            /** PutRecordsRequest streamId */
            streamId?: (string|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a PutRecordsRequest. */
        type $Shape = dis.PutRecordsRequest.$Properties;
    }

    /**
     * Properties of a PutRecordsResultEntry.
     * @deprecated Use dis.PutRecordsResultEntry.$Properties instead.
     */
    interface IPutRecordsResultEntry extends dis.PutRecordsResultEntry.$Properties {
    }

    /** Represents a PutRecordsResultEntry. */
    class PutRecordsResultEntry {

        /**
         * Constructs a new PutRecordsResultEntry.
         * @param [properties] Properties to set
         */
        constructor(properties?: dis.PutRecordsResultEntry.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** PutRecordsResultEntry shardId. */
        shardId: string;

        /** PutRecordsResultEntry sequenceNumber. */
        sequenceNumber: string;

        /** PutRecordsResultEntry errorCode. */
        errorCode: string;

        /** PutRecordsResultEntry errorMessage. */
        errorMessage: string;

        /**
         * Encodes the specified PutRecordsResultEntry message. Does not implicitly {@link dis.PutRecordsResultEntry.verify|verify} messages.
         * @param message PutRecordsResultEntry message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dis.PutRecordsResultEntry.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a PutRecordsResultEntry message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dis.PutRecordsResultEntry & dis.PutRecordsResultEntry.$Shape} PutRecordsResultEntry
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dis.PutRecordsResultEntry & dis.PutRecordsResultEntry.$Shape;

        /**
         * Gets the type url for PutRecordsResultEntry
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace PutRecordsResultEntry {

        /** Properties of a PutRecordsResultEntry. */
        interface $Properties {

            /** PutRecordsResultEntry shardId */
            shardId?: (string|null);

            /** PutRecordsResultEntry sequenceNumber */
            sequenceNumber?: (string|null);

            /** PutRecordsResultEntry errorCode */
            errorCode?: (string|null);

            /** PutRecordsResultEntry errorMessage */
            errorMessage?: (string|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a PutRecordsResultEntry. */
        type $Shape = dis.PutRecordsResultEntry.$Properties;
    }

    /**
     * Properties of a PutRecordsResult.
     * @deprecated Use dis.PutRecordsResult.$Properties instead.
     */
    interface IPutRecordsResult extends dis.PutRecordsResult.$Properties {
    }

    /** Represents a PutRecordsResult. */
    class PutRecordsResult {

        /**
         * Constructs a new PutRecordsResult.
         * @param [properties] Properties to set
         */
        constructor(properties?: dis.PutRecordsResult.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** PutRecordsResult failedRecordCount. */
        failedRecordCount: number;

        /** PutRecordsResult records. */
        records: dis.PutRecordsResultEntry.$Properties[];

        /**
         * Encodes the specified PutRecordsResult message. Does not implicitly {@link dis.PutRecordsResult.verify|verify} messages.
         * @param message PutRecordsResult message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dis.PutRecordsResult.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a PutRecordsResult message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dis.PutRecordsResult & dis.PutRecordsResult.$Shape} PutRecordsResult
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dis.PutRecordsResult & dis.PutRecordsResult.$Shape;

        /**
         * Gets the type url for PutRecordsResult
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace PutRecordsResult {

        /** Properties of a PutRecordsResult. */
        interface $Properties {

            /** PutRecordsResult failedRecordCount */
            failedRecordCount: number;

            /** PutRecordsResult records */
            records?: (dis.PutRecordsResultEntry.$Properties[]|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a PutRecordsResult. */
        type $Shape = dis.PutRecordsResult.$Properties;
    }

    /**
     * Properties of a Record.
     * @deprecated Use dis.Record.$Properties instead.
     */
    interface IRecord extends dis.Record.$Properties {
    }

    /** Represents a Record. */
    class Record {

        /**
         * Constructs a new Record.
         * @param [properties] Properties to set
         */
        constructor(properties?: dis.Record.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** Record partitionKey. */
        partitionKey: string;

        /** Record sequenceNumber. */
        sequenceNumber: string;

        /** Record data. */
        data: Uint8Array;

        /** Record timestamp. */
        timestamp: (number|Long);

        /** Record timestampType. */
        timestampType: string;

        /**
         * Encodes the specified Record message. Does not implicitly {@link dis.Record.verify|verify} messages.
         * @param message Record message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dis.Record.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a Record message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dis.Record & dis.Record.$Shape} Record
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dis.Record & dis.Record.$Shape;

        /**
         * Gets the type url for Record
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace Record {

        /** Properties of a Record. */
        interface $Properties {

            /** Record partitionKey */
            partitionKey?: (string|null);

            /** Record sequenceNumber */
            sequenceNumber: string;

            /** Record data */
            data?: (Uint8Array|null);

            /** Record timestamp */
            timestamp?: (number|Long|null);

            /** Record timestampType */
            timestampType?: (string|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a Record. */
        type $Shape = dis.Record.$Properties;
    }

    /**
     * Properties of a GetRecordsResult.
     * @deprecated Use dis.GetRecordsResult.$Properties instead.
     */
    interface IGetRecordsResult extends dis.GetRecordsResult.$Properties {
    }

    /** Represents a GetRecordsResult. */
    class GetRecordsResult {

        /**
         * Constructs a new GetRecordsResult.
         * @param [properties] Properties to set
         */
        constructor(properties?: dis.GetRecordsResult.$Properties);

        /** Unknown fields preserved while decoding when enabled */
        $unknowns?: Uint8Array[];

        /** GetRecordsResult nextShardIterator. */
        nextShardIterator: string;

        /** GetRecordsResult records. */
        records: dis.Record.$Properties[];

        /**
         * Encodes the specified GetRecordsResult message. Does not implicitly {@link dis.GetRecordsResult.verify|verify} messages.
         * @param message GetRecordsResult message or plain object to encode
         * @param [writer] Writer to encode to
         * @returns Writer
         */
        static encode(message: dis.GetRecordsResult.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

        /**
         * Decodes a GetRecordsResult message from the specified reader or buffer.
         * @param reader Reader or buffer to decode from
         * @param [length] Message length if known beforehand
         * @returns {dis.GetRecordsResult & dis.GetRecordsResult.$Shape} GetRecordsResult
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): dis.GetRecordsResult & dis.GetRecordsResult.$Shape;

        /**
         * Gets the type url for GetRecordsResult
         * @param [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns The type url
         */
        static getTypeUrl(prefix?: string): string;
    }

    namespace GetRecordsResult {

        /** Properties of a GetRecordsResult. */
        interface $Properties {

            /** GetRecordsResult nextShardIterator */
            nextShardIterator: string;

            /** GetRecordsResult records */
            records?: (dis.Record.$Properties[]|null);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];
        }

        /** Shape of a GetRecordsResult. */
        type $Shape = dis.GetRecordsResult.$Properties;
    }
}
