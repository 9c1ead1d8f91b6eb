/*eslint-disable block-scoped-var, id-length, no-control-regex, no-magic-numbers, no-mixed-operators, no-prototype-builtins, no-redeclare, no-shadow, no-var, sort-vars, default-case, jsdoc/require-param*/
import $protobuf from "protobufjs/minimal.js";

// Common aliases
const $Reader = $protobuf.Reader, $Writer = $protobuf.Writer, $util = $protobuf.util;
const $Object = $util.global.Object, $undefined = $util.global.undefined, $Error = $util.global.Error, $RangeError = $util.global.RangeError;

// Exported root namespace
const $root = $protobuf.roots["default"] || ($protobuf.roots["default"] = {});

export const dis = $root.dis = (() => {

    /**
     * Namespace dis.
     * @exports dis
     * @namespace
     */
    const dis = {};

    dis.ExtendedInfo = (function() {

        /**
         * Properties of an ExtendedInfo.
         * @typedef {Object} dis.ExtendedInfo.$Properties
         * @property {string|null} [fileName] ExtendedInfo fileName
         * @property {string|null} [deliverDataId] ExtendedInfo deliverDataId
         * @property {boolean|null} [endFlag] ExtendedInfo endFlag
         * @property {number|Long|null} [seqNum] ExtendedInfo seqNum
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of an ExtendedInfo.
         * @memberof dis
         * @interface IExtendedInfo
         * @augments dis.ExtendedInfo.$Properties
         * @deprecated Use dis.ExtendedInfo.$Properties instead.
         */

        /**
         * Shape of an ExtendedInfo.
         * @typedef {dis.ExtendedInfo.$Properties} dis.ExtendedInfo.$Shape
         */

        /**
         * Constructs a new ExtendedInfo.
         * @memberof dis
         * @classdesc Represents an ExtendedInfo.
         * @constructor
         * @param {dis.ExtendedInfo.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const ExtendedInfo = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * ExtendedInfo fileName.
         * @member {string} fileName
         * @memberof dis.ExtendedInfo
         * @instance
         */
        ExtendedInfo.prototype.fileName = "";

        /**
         * ExtendedInfo deliverDataId.
         * @member {string} deliverDataId
         * @memberof dis.ExtendedInfo
         * @instance
         */
        ExtendedInfo.prototype.deliverDataId = "";

        /**
         * ExtendedInfo endFlag.
         * @member {boolean} endFlag
         * @memberof dis.ExtendedInfo
         * @instance
         */
        ExtendedInfo.prototype.endFlag = false;

        /**
         * ExtendedInfo seqNum.
         * @member {number|Long} seqNum
         * @memberof dis.ExtendedInfo
         * @instance
         */
        ExtendedInfo.prototype.seqNum = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

        /**
         * Encodes the specified ExtendedInfo message. Does not implicitly {@link dis.ExtendedInfo.verify|verify} messages.
         * @function encode
         * @memberof dis.ExtendedInfo
         * @static
         * @param {dis.ExtendedInfo.$Properties} message ExtendedInfo message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        ExtendedInfo.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.fileName != null && $Object.hasOwnProperty.call(message, "fileName"))
                writer.uint32(/* id 8, wireType 2 =*/66).string(message.fileName);
            if (message.deliverDataId != null && $Object.hasOwnProperty.call(message, "deliverDataId"))
                writer.uint32(/* id 9, wireType 2 =*/74).string(message.deliverDataId);
            if (message.endFlag != null && $Object.hasOwnProperty.call(message, "endFlag"))
                writer.uint32(/* id 10, wireType 0 =*/80).bool(message.endFlag);
            if (message.seqNum != null && $Object.hasOwnProperty.call(message, "seqNum"))
                writer.uint32(/* id 11, wireType 0 =*/88).int64(message.seqNum);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes an ExtendedInfo message from the specified reader or buffer.
         * @function decode
         * @memberof dis.ExtendedInfo
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dis.ExtendedInfo & dis.ExtendedInfo.$Shape} ExtendedInfo
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        ExtendedInfo.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dis.ExtendedInfo();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 8: {
                        if (wireType !== 2)
                            break;
                        message.fileName = reader.string();
                        continue;
                    }
                case 9: {
                        if (wireType !== 2)
                            break;
                        message.deliverDataId = reader.string();
                        continue;
                    }
                case 10: {
                        if (wireType !== 0)
                            break;
                        message.endFlag = reader.bool();
                        continue;
                    }
                case 11: {
                        if (wireType !== 0)
                            break;
                        message.seqNum = reader.int64();
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for ExtendedInfo
         * @function getTypeUrl
         * @memberof dis.ExtendedInfo
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        ExtendedInfo.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dis.ExtendedInfo";
        };

        return ExtendedInfo;
    })();

    dis.PutRecordsRequestEntry = (function() {

        /**
         * Properties of a PutRecordsRequestEntry.
         * @typedef {Object} dis.PutRecordsRequestEntry.$Properties
         * @property {Uint8Array|null} [data] PutRecordsRequestEntry data
         * @property {string|null} [explicitHashKey] PutRecordsRequestEntry explicitHashKey
         * @property {string|null} [partitionKey] PutRecordsRequestEntry partitionKey
         * @property {string|null} [partitionId] PutRecordsRequestEntry partitionId
         * @property {dis.ExtendedInfo.$Properties|null} [extendedInfo] PutRecordsRequestEntry extendedInfo
         * @property {number|Long|null} [timestamp] PutRecordsRequestEntry timestamp
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a PutRecordsRequestEntry.
         * @memberof dis
         * @interface IPutRecordsRequestEntry
         * @augments dis.PutRecordsRequestEntry.$Properties
         * @deprecated Use dis.PutRecordsRequestEntry.$Properties instead.
         */

        /**
         * Shape of a PutRecordsRequestEntry.
         * @typedef {dis.PutRecordsRequestEntry.$Properties} dis.PutRecordsRequestEntry.$Shape
         */

        /**
         * Constructs a new PutRecordsRequestEntry.
         * @memberof dis
         * @classdesc Represents a PutRecordsRequestEntry.
         * @constructor
         * @param {dis.PutRecordsRequestEntry.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const PutRecordsRequestEntry = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * PutRecordsRequestEntry data.
         * @member {Uint8Array} data
         * @memberof dis.PutRecordsRequestEntry
         * @instance
         */
        PutRecordsRequestEntry.prototype.data = $util.newBuffer([]);

        /**
         * PutRecordsRequestEntry explicitHashKey.
         * @member {string} explicitHashKey
         * @memberof dis.PutRecordsRequestEntry
         * @instance
         */
        PutRecordsRequestEntry.prototype.explicitHashKey = "";

        /**
         * PutRecordsRequestEntry partitionKey.
         * @member {string} partitionKey
         * @memberof dis.PutRecordsRequestEntry
         * @instance
         */
        PutRecordsRequestEntry.prototype.partitionKey = "";

        /**
         * PutRecordsRequestEntry partitionId.
         * @member {string} partitionId
         * @memberof dis.PutRecordsRequestEntry
         * @instance
         */
        PutRecordsRequestEntry.prototype.partitionId = "";

        /**
         * PutRecordsRequestEntry extendedInfo.
         * @member {dis.ExtendedInfo.$Properties|null|undefined} extendedInfo
         * @memberof dis.PutRecordsRequestEntry
         * @instance
         */
        PutRecordsRequestEntry.prototype.extendedInfo = null;

        /**
         * PutRecordsRequestEntry timestamp.
         * @member {number|Long} timestamp
         * @memberof dis.PutRecordsRequestEntry
         * @instance
         */
        PutRecordsRequestEntry.prototype.timestamp = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

        /**
         * Encodes the specified PutRecordsRequestEntry message. Does not implicitly {@link dis.PutRecordsRequestEntry.verify|verify} messages.
         * @function encode
         * @memberof dis.PutRecordsRequestEntry
         * @static
         * @param {dis.PutRecordsRequestEntry.$Properties} message PutRecordsRequestEntry message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        PutRecordsRequestEntry.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.data != null && $Object.hasOwnProperty.call(message, "data"))
                writer.uint32(/* id 3, wireType 2 =*/26).bytes(message.data);
            if (message.explicitHashKey != null && $Object.hasOwnProperty.call(message, "explicitHashKey"))
                writer.uint32(/* id 4, wireType 2 =*/34).string(message.explicitHashKey);
            if (message.partitionKey != null && $Object.hasOwnProperty.call(message, "partitionKey"))
                writer.uint32(/* id 5, wireType 2 =*/42).string(message.partitionKey);
            if (message.partitionId != null && $Object.hasOwnProperty.call(message, "partitionId"))
                writer.uint32(/* id 6, wireType 2 =*/50).string(message.partitionId);
            if (message.extendedInfo != null && $Object.hasOwnProperty.call(message, "extendedInfo"))
                $root.dis.ExtendedInfo.encode(message.extendedInfo, writer.uint32(/* id 7, wireType 2 =*/58).fork(), _depth + 1).ldelim();
            if (message.timestamp != null && $Object.hasOwnProperty.call(message, "timestamp"))
                writer.uint32(/* id 29, wireType 0 =*/232).int64(message.timestamp);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a PutRecordsRequestEntry message from the specified reader or buffer.
         * @function decode
         * @memberof dis.PutRecordsRequestEntry
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dis.PutRecordsRequestEntry & dis.PutRecordsRequestEntry.$Shape} PutRecordsRequestEntry
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        PutRecordsRequestEntry.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dis.PutRecordsRequestEntry();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 3: {
                        if (wireType !== 2)
                            break;
                        message.data = reader.bytes();
                        continue;
                    }
                case 4: {
                        if (wireType !== 2)
                            break;
                        message.explicitHashKey = reader.string();
                        continue;
                    }
                case 5: {
                        if (wireType !== 2)
                            break;
                        message.partitionKey = reader.string();
                        continue;
                    }
                case 6: {
                        if (wireType !== 2)
                            break;
                        message.partitionId = reader.string();
                        continue;
                    }
                case 7: {
                        if (wireType !== 2)
                            break;
                        message.extendedInfo = $root.dis.ExtendedInfo.decode(reader, reader.size(), $undefined, _depth + 1, message.extendedInfo);
                        continue;
                    }
                case 29: {
                        if (wireType !== 0)
                            break;
                        message.timestamp = reader.int64();
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for PutRecordsRequestEntry
         * @function getTypeUrl
         * @memberof dis.PutRecordsRequestEntry
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        PutRecordsRequestEntry.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dis.PutRecordsRequestEntry";
        };

        return PutRecordsRequestEntry;
    })();

    dis.PutRecordsRequest = (function() {

        /**
         * Properties of a PutRecordsRequest.
         * @typedef {Object} dis.PutRecordsRequest.$Properties
         * @property {string} streamName PutRecordsRequest streamName
         * @property {Array.<dis.PutRecordsRequestEntry.$Properties>|null} [records] PutRecordsRequest records
         * @property {string|null} [streamId] PutRecordsRequest streamId
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a PutRecordsRequest.
         * @memberof dis
         * @interface IPutRecordsRequest
         * @augments dis.PutRecordsRequest.$Properties
         * @deprecated Use dis.PutRecordsRequest.$Properties instead.
         */

        /**
         * Shape of a PutRecordsRequest.
         * @typedef {dis.PutRecordsRequest.$Properties} dis.PutRecordsRequest.$Shape
         */

        /**
         * Constructs a new PutRecordsRequest.
         * @memberof dis
         * @classdesc Represents a PutRecordsRequest.
         * @constructor
         * @param {dis.PutRecordsRequest.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const PutRecordsRequest = function (properties) {
            this.records = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * PutRecordsRequest streamName.
         * @member {string} streamName
         * @memberof dis.PutRecordsRequest
         * @instance
         */
        PutRecordsRequest.prototype.streamName = "";

        /**
         * PutRecordsRequest records.
         * @member {Array.<dis.PutRecordsRequestEntry.$Properties>} records
         * @memberof dis.PutRecordsRequest
         * @instance
         */
        PutRecordsRequest.prototype.records = $util.emptyArray;

        /**
         * PutRecordsRequest streamId.
         * @member {string} streamId
         * @memberof dis.PutRecordsRequest
         * @instance
         */
        PutRecordsRequest.prototype.streamId = "";

        /**
         * Encodes the specified PutRecordsRequest message. Does not implicitly {@link dis.PutRecordsRequest.verify|verify} messages.
         * @function encode
         * @memberof dis.PutRecordsRequest
         * @static
         * @param {dis.PutRecordsRequest.$Properties} message PutRecordsRequest message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        PutRecordsRequest.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            writer.uint32(/* id 1, wireType 2 =*/10).string(message.streamName);
            if (message.records != null && message.records.length)
                for (let i = 0; i < message.records.length; ++i)
                    $root.dis.PutRecordsRequestEntry.encode(message.records[i], writer.uint32(/* id 2, wireType 2 =*/18).fork(), _depth + 1).ldelim();
            if (message.streamId != null && $Object.hasOwnProperty.call(message, "streamId"))
                writer.uint32(/* id 30, wireType 2 =*/242).string(message.streamId);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a PutRecordsRequest message from the specified reader or buffer.
         * @function decode
         * @memberof dis.PutRecordsRequest
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dis.PutRecordsRequest & dis.PutRecordsRequest.$Shape} PutRecordsRequest
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        PutRecordsRequest.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dis.PutRecordsRequest();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 1: {
                        if (wireType !== 2)
                            break;
                        message.streamName = reader.string();
                        continue;
                    }
                case 2: {
                        if (wireType !== 2)
                            break;
                        if (!(message.records && message.records.length))
                            message.records = [];
                        message.records.push($root.dis.PutRecordsRequestEntry.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                case 30: {
                        if (wireType !== 2)
                            break;
                        message.streamId = reader.string();
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            if (!$Object.hasOwnProperty.call(message, "streamName"))
                throw $util.ProtocolError("missing required 'streamName'", { instance: message });
            return message;
        };

        /**
         * Gets the type url for PutRecordsRequest
         * @function getTypeUrl
         * @memberof dis.PutRecordsRequest
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        PutRecordsRequest.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dis.PutRecordsRequest";
        };

        return PutRecordsRequest;
    })();

    dis.PutRecordsResultEntry = (function() {

        /**
         * Properties of a PutRecordsResultEntry.
         * @typedef {Object} dis.PutRecordsResultEntry.$Properties
         * @property {string|null} [shardId] PutRecordsResultEntry shardId
         * @property {string|null} [sequenceNumber] PutRecordsResultEntry sequenceNumber
         * @property {string|null} [errorCode] PutRecordsResultEntry errorCode
         * @property {string|null} [errorMessage] PutRecordsResultEntry errorMessage
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a PutRecordsResultEntry.
         * @memberof dis
         * @interface IPutRecordsResultEntry
         * @augments dis.PutRecordsResultEntry.$Properties
         * @deprecated Use dis.PutRecordsResultEntry.$Properties instead.
         */

        /**
         * Shape of a PutRecordsResultEntry.
         * @typedef {dis.PutRecordsResultEntry.$Properties} dis.PutRecordsResultEntry.$Shape
         */

        /**
         * Constructs a new PutRecordsResultEntry.
         * @memberof dis
         * @classdesc Represents a PutRecordsResultEntry.
         * @constructor
         * @param {dis.PutRecordsResultEntry.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const PutRecordsResultEntry = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * PutRecordsResultEntry shardId.
         * @member {string} shardId
         * @memberof dis.PutRecordsResultEntry
         * @instance
         */
        PutRecordsResultEntry.prototype.shardId = "";

        /**
         * PutRecordsResultEntry sequenceNumber.
         * @member {string} sequenceNumber
         * @memberof dis.PutRecordsResultEntry
         * @instance
         */
        PutRecordsResultEntry.prototype.sequenceNumber = "";

        /**
         * PutRecordsResultEntry errorCode.
         * @member {string} errorCode
         * @memberof dis.PutRecordsResultEntry
         * @instance
         */
        PutRecordsResultEntry.prototype.errorCode = "";

        /**
         * PutRecordsResultEntry errorMessage.
         * @member {string} errorMessage
         * @memberof dis.PutRecordsResultEntry
         * @instance
         */
        PutRecordsResultEntry.prototype.errorMessage = "";

        /**
         * Encodes the specified PutRecordsResultEntry message. Does not implicitly {@link dis.PutRecordsResultEntry.verify|verify} messages.
         * @function encode
         * @memberof dis.PutRecordsResultEntry
         * @static
         * @param {dis.PutRecordsResultEntry.$Properties} message PutRecordsResultEntry message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        PutRecordsResultEntry.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.shardId != null && $Object.hasOwnProperty.call(message, "shardId"))
                writer.uint32(/* id 23, wireType 2 =*/186).string(message.shardId);
            if (message.sequenceNumber != null && $Object.hasOwnProperty.call(message, "sequenceNumber"))
                writer.uint32(/* id 24, wireType 2 =*/194).string(message.sequenceNumber);
            if (message.errorCode != null && $Object.hasOwnProperty.call(message, "errorCode"))
                writer.uint32(/* id 25, wireType 2 =*/202).string(message.errorCode);
            if (message.errorMessage != null && $Object.hasOwnProperty.call(message, "errorMessage"))
                writer.uint32(/* id 26, wireType 2 =*/210).string(message.errorMessage);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a PutRecordsResultEntry message from the specified reader or buffer.
         * @function decode
         * @memberof dis.PutRecordsResultEntry
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dis.PutRecordsResultEntry & dis.PutRecordsResultEntry.$Shape} PutRecordsResultEntry
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        PutRecordsResultEntry.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dis.PutRecordsResultEntry();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 23: {
                        if (wireType !== 2)
                            break;
                        message.shardId = reader.string();
                        continue;
                    }
                case 24: {
                        if (wireType !== 2)
                            break;
                        message.sequenceNumber = reader.string();
                        continue;
                    }
                case 25: {
                        if (wireType !== 2)
                            break;
                        message.errorCode = reader.string();
                        continue;
                    }
                case 26: {
                        if (wireType !== 2)
                            break;
                        message.errorMessage = reader.string();
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            return message;
        };

        /**
         * Gets the type url for PutRecordsResultEntry
         * @function getTypeUrl
         * @memberof dis.PutRecordsResultEntry
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        PutRecordsResultEntry.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dis.PutRecordsResultEntry";
        };

        return PutRecordsResultEntry;
    })();

    dis.PutRecordsResult = (function() {

        /**
         * Properties of a PutRecordsResult.
         * @typedef {Object} dis.PutRecordsResult.$Properties
         * @property {number} failedRecordCount PutRecordsResult failedRecordCount
         * @property {Array.<dis.PutRecordsResultEntry.$Properties>|null} [records] PutRecordsResult records
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a PutRecordsResult.
         * @memberof dis
         * @interface IPutRecordsResult
         * @augments dis.PutRecordsResult.$Properties
         * @deprecated Use dis.PutRecordsResult.$Properties instead.
         */

        /**
         * Shape of a PutRecordsResult.
         * @typedef {dis.PutRecordsResult.$Properties} dis.PutRecordsResult.$Shape
         */

        /**
         * Constructs a new PutRecordsResult.
         * @memberof dis
         * @classdesc Represents a PutRecordsResult.
         * @constructor
         * @param {dis.PutRecordsResult.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const PutRecordsResult = function (properties) {
            this.records = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * PutRecordsResult failedRecordCount.
         * @member {number} failedRecordCount
         * @memberof dis.PutRecordsResult
         * @instance
         */
        PutRecordsResult.prototype.failedRecordCount = 0;

        /**
         * PutRecordsResult records.
         * @member {Array.<dis.PutRecordsResultEntry.$Properties>} records
         * @memberof dis.PutRecordsResult
         * @instance
         */
        PutRecordsResult.prototype.records = $util.emptyArray;

        /**
         * Encodes the specified PutRecordsResult message. Does not implicitly {@link dis.PutRecordsResult.verify|verify} messages.
         * @function encode
         * @memberof dis.PutRecordsResult
         * @static
         * @param {dis.PutRecordsResult.$Properties} message PutRecordsResult message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        PutRecordsResult.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            writer.uint32(/* id 21, wireType 0 =*/168).int32(message.failedRecordCount);
            if (message.records != null && message.records.length)
                for (let i = 0; i < message.records.length; ++i)
                    $root.dis.PutRecordsResultEntry.encode(message.records[i], writer.uint32(/* id 22, wireType 2 =*/178).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a PutRecordsResult message from the specified reader or buffer.
         * @function decode
         * @memberof dis.PutRecordsResult
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dis.PutRecordsResult & dis.PutRecordsResult.$Shape} PutRecordsResult
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        PutRecordsResult.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dis.PutRecordsResult();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 21: {
                        if (wireType !== 0)
                            break;
                        message.failedRecordCount = reader.int32();
                        continue;
                    }
                case 22: {
                        if (wireType !== 2)
                            break;
                        if (!(message.records && message.records.length))
                            message.records = [];
                        message.records.push($root.dis.PutRecordsResultEntry.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            if (!$Object.hasOwnProperty.call(message, "failedRecordCount"))
                throw $util.ProtocolError("missing required 'failedRecordCount'", { instance: message });
            return message;
        };

        /**
         * Gets the type url for PutRecordsResult
         * @function getTypeUrl
         * @memberof dis.PutRecordsResult
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        PutRecordsResult.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dis.PutRecordsResult";
        };

        return PutRecordsResult;
    })();

    dis.Record = (function() {

        /**
         * Properties of a Record.
         * @typedef {Object} dis.Record.$Properties
         * @property {string|null} [partitionKey] Record partitionKey
         * @property {string} sequenceNumber Record sequenceNumber
         * @property {Uint8Array|null} [data] Record data
         * @property {number|Long|null} [timestamp] Record timestamp
         * @property {string|null} [timestampType] Record timestampType
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a Record.
         * @memberof dis
         * @interface IRecord
         * @augments dis.Record.$Properties
         * @deprecated Use dis.Record.$Properties instead.
         */

        /**
         * Shape of a Record.
         * @typedef {dis.Record.$Properties} dis.Record.$Shape
         */

        /**
         * Constructs a new Record.
         * @memberof dis
         * @classdesc Represents a Record.
         * @constructor
         * @param {dis.Record.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const Record = function (properties) {
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * Record partitionKey.
         * @member {string} partitionKey
         * @memberof dis.Record
         * @instance
         */
        Record.prototype.partitionKey = "";

        /**
         * Record sequenceNumber.
         * @member {string} sequenceNumber
         * @memberof dis.Record
         * @instance
         */
        Record.prototype.sequenceNumber = "";

        /**
         * Record data.
         * @member {Uint8Array} data
         * @memberof dis.Record
         * @instance
         */
        Record.prototype.data = $util.newBuffer([]);

        /**
         * Record timestamp.
         * @member {number|Long} timestamp
         * @memberof dis.Record
         * @instance
         */
        Record.prototype.timestamp = $util.Long ? $util.Long.fromBits(0,0,false) : 0;

        /**
         * Record timestampType.
         * @member {string} timestampType
         * @memberof dis.Record
         * @instance
         */
        Record.prototype.timestampType = "";

        /**
         * Encodes the specified Record message. Does not implicitly {@link dis.Record.verify|verify} messages.
         * @function encode
         * @memberof dis.Record
         * @static
         * @param {dis.Record.$Properties} message Record message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        Record.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            if (message.partitionKey != null && $Object.hasOwnProperty.call(message, "partitionKey"))
                writer.uint32(/* id 17, wireType 2 =*/138).string(message.partitionKey);
            writer.uint32(/* id 18, wireType 2 =*/146).string(message.sequenceNumber);
            if (message.data != null && $Object.hasOwnProperty.call(message, "data"))
                writer.uint32(/* id 19, wireType 2 =*/154).bytes(message.data);
            if (message.timestamp != null && $Object.hasOwnProperty.call(message, "timestamp"))
                writer.uint32(/* id 27, wireType 0 =*/216).int64(message.timestamp);
            if (message.timestampType != null && $Object.hasOwnProperty.call(message, "timestampType"))
                writer.uint32(/* id 28, wireType 2 =*/226).string(message.timestampType);
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a Record message from the specified reader or buffer.
         * @function decode
         * @memberof dis.Record
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dis.Record & dis.Record.$Shape} Record
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        Record.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dis.Record();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 17: {
                        if (wireType !== 2)
                            break;
                        message.partitionKey = reader.string();
                        continue;
                    }
                case 18: {
                        if (wireType !== 2)
                            break;
                        message.sequenceNumber = reader.string();
                        continue;
                    }
                case 19: {
                        if (wireType !== 2)
                            break;
                        message.data = reader.bytes();
                        continue;
                    }
                case 27: {
                        if (wireType !== 0)
                            break;
                        message.timestamp = reader.int64();
                        continue;
                    }
                case 28: {
                        if (wireType !== 2)
                            break;
                        message.timestampType = reader.string();
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            if (!$Object.hasOwnProperty.call(message, "sequenceNumber"))
                throw $util.ProtocolError("missing required 'sequenceNumber'", { instance: message });
            return message;
        };

        /**
         * Gets the type url for Record
         * @function getTypeUrl
         * @memberof dis.Record
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        Record.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dis.Record";
        };

        return Record;
    })();

    dis.GetRecordsResult = (function() {

        /**
         * Properties of a GetRecordsResult.
         * @typedef {Object} dis.GetRecordsResult.$Properties
         * @property {string} nextShardIterator GetRecordsResult nextShardIterator
         * @property {Array.<dis.Record.$Properties>|null} [records] GetRecordsResult records
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */

        /**
         * Properties of a GetRecordsResult.
         * @memberof dis
         * @interface IGetRecordsResult
         * @augments dis.GetRecordsResult.$Properties
         * @deprecated Use dis.GetRecordsResult.$Properties instead.
         */

        /**
         * Shape of a GetRecordsResult.
         * @typedef {dis.GetRecordsResult.$Properties} dis.GetRecordsResult.$Shape
         */

        /**
         * Constructs a new GetRecordsResult.
         * @memberof dis
         * @classdesc Represents a GetRecordsResult.
         * @constructor
         * @param {dis.GetRecordsResult.$Properties=} [properties] Properties to set
         * @property {Array.<Uint8Array>} [$unknowns] Unknown fields preserved while decoding when enabled
         */
        const GetRecordsResult = function (properties) {
            this.records = [];
            if (properties)
                for (let keys = $Object.keys(properties), i = 0; i < keys.length; ++i)
                    if (properties[keys[i]] != null && keys[i] !== "__proto__")
                        this[keys[i]] = properties[keys[i]];
        };

        /**
         * GetRecordsResult nextShardIterator.
         * @member {string} nextShardIterator
         * @memberof dis.GetRecordsResult
         * @instance
         */
        GetRecordsResult.prototype.nextShardIterator = "";

        /**
         * GetRecordsResult records.
         * @member {Array.<dis.Record.$Properties>} records
         * @memberof dis.GetRecordsResult
         * @instance
         */
        GetRecordsResult.prototype.records = $util.emptyArray;

        /**
         * Encodes the specified GetRecordsResult message. Does not implicitly {@link dis.GetRecordsResult.verify|verify} messages.
         * @function encode
         * @memberof dis.GetRecordsResult
         * @static
         * @param {dis.GetRecordsResult.$Properties} message GetRecordsResult message or plain object to encode
         * @param {$protobuf.Writer} [writer] Writer to encode to
         * @returns {$protobuf.Writer} Writer
         */
        GetRecordsResult.encode = function (message, writer, _depth) {
            if (!writer)
                writer = $Writer.create();
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $util.recursionLimit)
                throw $Error("max depth exceeded");
            writer.uint32(/* id 14, wireType 2 =*/114).string(message.nextShardIterator);
            if (message.records != null && message.records.length)
                for (let i = 0; i < message.records.length; ++i)
                    $root.dis.Record.encode(message.records[i], writer.uint32(/* id 16, wireType 2 =*/130).fork(), _depth + 1).ldelim();
            if (message.$unknowns != null && $Object.hasOwnProperty.call(message, "$unknowns"))
                for (let i = 0; i < message.$unknowns.length; ++i)
                    writer.raw(message.$unknowns[i]);
            return writer;
        };

        /**
         * Decodes a GetRecordsResult message from the specified reader or buffer.
         * @function decode
         * @memberof dis.GetRecordsResult
         * @static
         * @param {$protobuf.Reader|Uint8Array} reader Reader or buffer to decode from
         * @param {number} [length] Message length if known beforehand
         * @returns {dis.GetRecordsResult & dis.GetRecordsResult.$Shape} GetRecordsResult
         * @throws {Error} If the payload is not a reader or valid buffer
         * @throws {$protobuf.util.ProtocolError} If required fields are missing
         */
        GetRecordsResult.decode = function (reader, length, _end, _depth, _target) {
            if (!(reader instanceof $Reader))
                reader = $Reader.create(reader);
            if (_depth === $undefined)
                _depth = 0;
            if (_depth > $Reader.recursionLimit)
                throw $Error("max depth exceeded");
            let end, message;
            if (length === $undefined)
                end = reader.len;
            else {
                end = reader.pos + length;
                if (end > reader.len)
                    throw $RangeError("index out of range");
                length = reader.len;
                reader.len = end;
            }
            message = _target || new $root.dis.GetRecordsResult();
            while (reader.pos < end) {
                let start = reader.pos;
                let tag = reader.tag();
                if (tag === _end) {
                    _end = $undefined;
                    break;
                }
                let wireType = tag & 7;
                switch (tag >>>= 3) {
                case 14: {
                        if (wireType !== 2)
                            break;
                        message.nextShardIterator = reader.string();
                        continue;
                    }
                case 16: {
                        if (wireType !== 2)
                            break;
                        if (!(message.records && message.records.length))
                            message.records = [];
                        message.records.push($root.dis.Record.decode(reader, reader.size(), $undefined, _depth + 1));
                        continue;
                    }
                }
                reader.skipType(wireType, _depth, tag);
                if (!reader.discardUnknown) {
                    $util.makeProp(message, "$unknowns", false);
                    (message.$unknowns || (message.$unknowns = [])).push(reader.raw(start, reader.pos));
                }
            }
            if (length !== $undefined) {
                if (reader.pos !== end)
                    throw $RangeError("index out of range");
                reader.len = length;
            }
            if (_end !== $undefined)
                throw $Error("missing end group");
            if (!$Object.hasOwnProperty.call(message, "nextShardIterator"))
                throw $util.ProtocolError("missing required 'nextShardIterator'", { instance: message });
            return message;
        };

        /**
         * Gets the type url for GetRecordsResult
         * @function getTypeUrl
         * @memberof dis.GetRecordsResult
         * @static
         * @param {string} [prefix] Custom type url prefix, defaults to `"type.googleapis.com"`
         * @returns {string} The type url
         */
        GetRecordsResult.getTypeUrl = function(prefix) {
            if (prefix === $undefined)
                prefix = "type.googleapis.com";
            return prefix + "/dis.GetRecordsResult";
        };

        return GetRecordsResult;
    })();

    return dis;
})();

export {
  $root as default
};
