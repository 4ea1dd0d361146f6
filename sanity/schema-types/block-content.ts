import {defineArrayMember, defineField, defineType} from 'sanity'
import {SAFE_LINK_SCHEMES, requiredAlt} from './fields'

/** The article body: prose plus embedded images, quotes and principle lists. */
export const blockContent = defineType({
  name: 'blockContent',
  title: 'Body',
  type: 'array',
  of: [
    defineArrayMember({
      type: 'block',
      styles: [
        {title: 'Normal', value: 'normal'},
        {title: 'Heading 2', value: 'h2'},
        {title: 'Heading 3', value: 'h3'},
      ],
      lists: [
        {title: 'Bullet', value: 'bullet'},
        {title: 'Numbered', value: 'number'},
      ],
      marks: {
        decorators: [
          {title: 'Strong', value: 'strong'},
          {title: 'Emphasis', value: 'em'},
          {title: 'Code', value: 'code'},
        ],
        annotations: [
          defineArrayMember({
            name: 'link',
            title: 'External link',
            type: 'object',
            fields: [
              defineField({
                name: 'href',
                title: 'URL',
                type: 'url',
                validation: (rule) => rule.required().uri({scheme: SAFE_LINK_SCHEMES, allowRelative: false}),
              }),
            ],
          }),
          defineArrayMember({
            name: 'internalLink',
            title: 'Link to article',
            type: 'object',
            fields: [
              defineField({
                name: 'reference',
                type: 'reference',
                to: [{type: 'article'}],
                validation: (rule) => rule.required(),
              }),
            ],
          }),
        ],
      },
    }),
    defineArrayMember({
      type: 'image',
      options: {hotspot: true},
      fields: [requiredAlt(), defineField({name: 'caption', type: 'string'})],
    }),
    defineArrayMember({type: 'quoteEmbed'}),
    defineArrayMember({type: 'principleListEmbed'}),
  ],
})
